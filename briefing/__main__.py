"""`python -m briefing` and the `briefing` command: Ctrl+C at any moment ends in one line."""
import sys


def run() -> None:
    try:
        from .cli import main  # (importing takes a while: an interrupt may come here too)
        main(prog_name="briefing")
    except KeyboardInterrupt:
        print("\n已中断，已有的 PDF 保持不变。", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    run()
