"""The `briefing` command: a thin layer over briefing.api."""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Sequence

import click

from . import clicktext

clicktext.install()  # before the commands are built: their help texts are translated as they are made
from .errors import ContentError, Problem, display_path  # noqa: E402 (after the translations)
from .sign import PASSWORD_VARIABLE, Signing  # noqa: E402

if TYPE_CHECKING:  # (the API, with the layout and the renderers, is imported by the commands that build:
    from . import api  # check --pdf starts without it)



class _Command(click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示本帮助并退出。"
        return option


class _Group(_Command, click.Group):
    command_class = _Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        """Click's own usage errors, told in Chinese (exit 2, as for content errors)."""
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except (KeyboardInterrupt, click.exceptions.Abort):  # Ctrl+C outside a command's own handling
            _interrupted()
        except click.exceptions.NoArgsIsHelpError as exc:  # plain `briefing`: the help, as always
            click.echo(exc.ctx.get_help())
            sys.exit(0)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "briefing"
            click.echo(f"用法错误：{_usage_message(exc)}\n运行“{command} -h”查看用法。", err=True)
            sys.exit(2)
        except click.ClickException as exc:  # e.g. a file that cannot be opened
            click.echo(f"错误：{exc.format_message()}", err=True)
            sys.exit(exc.exit_code)


def _interrupted() -> None:
    click.echo("\n已中断，已有的输出文件保持不变。", err=True)
    sys.exit(130)


def _usage_message(exc: click.UsageError) -> str:
    if isinstance(exc, click.NoSuchOption):
        close = f"（您是不是想写 {'、'.join(sorted(exc.possibilities))}？）" if exc.possibilities else ""
        return f"没有选项 {exc.option_name}{close}"
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        return f"缺少参数 {exc.param.get_error_hint(exc.ctx)}"
    if isinstance(exc, click.NoSuchCommand) and exc.ctx is not None and isinstance(exc.ctx.command, click.Group):
        return f"没有命令“{exc.command_name}”（可用：{'、'.join(sorted(exc.ctx.command.commands))}）"
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        return f"参数 {exc.param.get_error_hint(exc.ctx)} 的值不对：{exc.message}"
    return exc.format_message()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="出现内部错误时显示完整的错误堆栈。")
@click.option("-q", "--quiet", is_flag=True, help="只显示错误：不显示警告和完成信息。")
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True, callback=lambda ctx, _, shown:
              _show_version(ctx) if shown else None, help="显示版本号并退出。")
@click.pass_context
def main(ctx: click.Context, debug: bool, quiet: bool) -> None:
    """briefing：把 content/ 中的 YAML 内容排成符合 GB/T 9704-2012 的公文 PDF 或 OFD。

    不写内容文件夹时，依次找当前文件夹下的 content/、当前文件夹及其上级中含 edition.yaml 的文件夹，
    所以在内容文件夹或其子文件夹中也可以直接运行。"""
    ctx.obj = {"debug": debug, "quiet": quiet}


def _show_version(ctx: click.Context) -> None:
    from . import __version__
    click.echo(f"briefing {__version__}")
    ctx.exit()


class _Content(click.Path):
    """The content folder: as given, or found from where the command runs (see main's help)."""

    def convert(self, value, param, ctx):
        path = Path(str(super().convert(value, param, ctx)))
        return find_content(path) if value == DEFAULT_CONTENT else path


DEFAULT_CONTENT = "content"
CONTENT = _Content(path_type=Path, file_okay=False)


def find_content(default: Path) -> Path:
    """./content if there is one; else the nearest folder at or above the working folder that
    holds edition.yaml (running from inside the content folder); else ./content (reported)."""
    if (default / "edition.yaml").is_file():
        return default
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "edition.yaml").is_file():
            return folder
        if (folder / DEFAULT_CONTENT / "edition.yaml").is_file():
            return folder / DEFAULT_CONTENT
    return default


FORMAT = click.Choice(["pdf", "ofd"], case_sensitive=False)
BUILD_FORMAT = click.Choice(["pdf", "ofd", "docx"], case_sensitive=False)


@main.command()
@click.argument("content", type=CONTENT, default=DEFAULT_CONTENT, metavar="[内容文件夹]")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="输出文件的保存路径（默认：dist/ 下以标题命名的文件）。")
@click.option("--format", "form", type=BUILD_FORMAT, default=None,
              help="输出格式：pdf（默认）、ofd（GB/T 33190 版式文件）或 docx（可编辑的文字处理文件）；"
                   "不写时按 -o 的扩展名判断。")
@click.option("--watch", is_flag=True,
              help="生成后继续监视内容文件夹，文件一改就重新生成；内容有错时只报告，不退出。按 Ctrl+C 停止。")
@click.option("--force", is_flag=True, help="允许输出文件名不以 .pdf（或 .ofd、.docx）结尾。")
@click.option("--pdfa", is_flag=True, help="生成 PDF/A-2b 归档版（XMP 元数据、sRGB 输出意图，颜色按 RGB 写出）。")
@click.option("--sign", "p12", type=click.Path(path_type=Path, dir_okay=False, exists=True), metavar="证书.p12",
              help=f"用本单位的 PKCS#12 证书给 PDF 签名（PAdES），印章作为签名的外观；"
                   f"密码取自环境变量 {PASSWORD_VARIABLE}，没有时在终端输入。")
@click.option("--tsa", metavar="网址", help="签名时向这个时间戳服务器取时间戳，并嵌入长期验证数据（需联网）。")
@click.pass_context
def build(ctx: click.Context, content: Path, output: Path | None, form: str | None, watch: bool,
          force: bool, pdfa: bool, p12: Path | None, tsa: str | None) -> None:
    """检查内容文件夹（默认 content）中的内容并生成 PDF 或 OFD。"""
    form = form.lower() if form else None
    if watch:
        if p12 or pdfa:
            raise click.UsageError("--watch 不能和 --sign、--pdfa 一起用", ctx)
        _watch(ctx, content, output, force, form)
        return
    from . import api
    signing = _run(ctx, lambda: _signing(p12, tsa))
    _report_built(_run(ctx, lambda: api.build(content, output, force, form, signing, pdfa)))


def _signing(p12: Path | None, tsa: str | None) -> Signing | None:
    """The signer of the certificate given with --sign, its password from the environment or
    the terminal; None without --sign."""
    if p12 is None:
        if tsa:
            raise ContentError.one(None, "--tsa 只在签名时使用。", "同时写 --sign 证书.p12，或去掉 --tsa。")
        return None
    from .sign import load_signing, password
    ask = (lambda: click.prompt(f"证书 {display_path(p12)} 的密码", hide_input=True, err=True)) \
        if sys.stdin.isatty() else None
    return load_signing(p12, password(p12, ask), tsa)


def _report_built(built: api.Built) -> None:
    _print_warnings(built.warnings)
    # A DOCX is paginated by the program that opens it: the count is the PDF's, for reference.
    pages = f"约 {built.pages} 页，由打开它的软件分页" if built.path.suffix.lower() == ".docx" else f"{built.pages} 页"
    _done(f"已生成：{display_path(built.path)}（{pages}，用时 {built.seconds:.2f} 秒）")


def _watch(ctx: click.Context, content: Path, output: Path | None, force: bool, form: str | None) -> None:
    from .watch import watch

    def failed(exc: ContentError) -> None:
        _print_warnings(exc.problems)
        click.echo(f"{time.strftime('%H:%M:%S')} 未能生成：{len(exc.errors)} 个错误。已有的输出文件保持不变，"
                   "改正后会自动重新生成。", err=True)

    def built(result: api.Built) -> None:
        click.echo(time.strftime("%H:%M:%S "), nl=False)
        _report_built(result)

    click.echo(f"正在监视 {display_path(content)}，文件一改就重新生成（Ctrl+C 停止）。")
    from . import api
    desk = api.Build(content)  # kept between rebuilds
    _run(ctx, lambda: watch(content, lambda: desk.build(output, force, form), built, failed))


@main.command()
@click.argument("content", type=CONTENT, default=DEFAULT_CONTENT, metavar="[内容文件夹]")
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="保存分发文件的文件夹（默认：dist/ 下“标题-分发”）。")
@click.option("--format", "form", type=FORMAT, default="pdf", show_default=True,
              help="分发件的格式：pdf 或 ofd。")
@click.option("--sign", "p12", type=click.Path(path_type=Path, dir_okay=False, exists=True), metavar="证书.p12",
              help=f"先印份号，再用本单位的 PKCS#12 证书给每一份签名（只用于 PDF）；"
                   f"密码取自环境变量 {PASSWORD_VARIABLE}，没有时在终端输入。")
@click.option("--tsa", metavar="网址", help="签名时向这个时间戳服务器取时间戳，并嵌入长期验证数据（需联网）。")
@click.pass_context
def distribute(ctx: click.Context, content: Path, output: Path | None, form: str, p12: Path | None,
               tsa: str | None) -> None:
    """按主送、抄送单位（及各自份数）生成编有份号的分发件和发文登记（CSV 和 PDF）。

    每份在首页第 1 行左端印六位份号，同一行右端小字印收件单位；
    文件名为 000001.pdf（或 .ofd）等。全部写成后才替换原来的分发文件夹。"""
    from .distribute import distribute as run
    signing = _run(ctx, lambda: _signing(p12, tsa))
    done = _run(ctx, lambda: run(content, output, form.lower(), signing))
    _print_warnings(done.warnings)
    _done(f"已生成 {len(done.copies)} 份分发件和发文登记：{display_path(done.folder)}"
               f"（用时 {done.seconds:.2f} 秒）")


@main.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, exists=True), metavar="文件.pdf|文件.ofd")
@click.option("--register", type=click.Path(path_type=Path, dir_okay=False, exists=True), metavar="发文登记.csv",
              help="对照的发文登记（默认：文件旁边的 发文登记.csv）。")
@click.pass_context
def verify(ctx: click.Context, path: Path, register: Path | None) -> None:
    """核验一份文件：是哪份文件、第几份、发给谁；与发文登记逐字节核对；签名是否完好。

    与发出时一致时退出码为 0；有任何改动（或既无签名也无登记可以对照）时列出问题，退出码为 2。"""
    from .verify import verify as run
    verdict = _run(ctx, lambda: run(path, register))
    click.echo(verdict.report())
    sys.exit(0 if verdict.ok else 2)


@main.command()
@click.argument("content", type=CONTENT, default=DEFAULT_CONTENT, metavar="[内容文件夹]")
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="保存预览图片的文件夹（默认：dist/ 下“标题-预览”）。")
@click.option("--pages", metavar="页码", help="只预览这些页，如 1,3-5（默认全部）。")
@click.option("--watch", is_flag=True, help="生成后继续监视内容文件夹，文件一改就更新预览。按 Ctrl+C 停止。")
@click.pass_context
def preview(ctx: click.Context, content: Path, output: Path | None, pages: str | None, watch: bool) -> None:
    """把各页排成 PNG 图片（第001页.png 等），并生成一张总览图（总览.png，全部页面的缩略图），
    不必打印就能看到排版效果。"""
    from .preview import preview as run

    def shown(done) -> None:
        _print_warnings(done.warnings)
        _done(f"{time.strftime('%H:%M:%S ') if watch else ''}已生成 {len(done.pages)} 页预览和总览图："
              f"{display_path(done.sheet)}")

    if watch:
        from .watch import watch as watching

        def failed(exc: ContentError) -> None:
            _print_warnings(exc.problems)
            click.echo(f"{time.strftime('%H:%M:%S')} 未能更新预览：{len(exc.errors)} 个错误。改正后会自动更新。", err=True)

        click.echo(f"正在监视 {display_path(content)}，文件一改就更新预览（Ctrl+C 停止）。")
        _run(ctx, lambda: watching(content, lambda: run(content, output, pages), shown, failed))
        return
    shown(_run(ctx, lambda: run(content, output, pages)))


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), metavar="新文件夹")
@click.option("--format", "form", type=click.Choice(["文件", "信函", "纪要", "命令"]), default="文件", show_default=True,
              help="公文格式（GB/T 9704 第 10 条）。")
@click.pass_context
def new(ctx: click.Context, folder: Path, form: str) -> None:
    """新建一个内容文件夹：主文件、一个含两节的附件、含两个指标和一行指标卡的指标登记表，
    {待定：…} 处填写后即可定稿；建好就能生成。不覆盖已有的文件夹。"""
    from .scaffold import new_content
    written = _run(ctx, lambda: new_content(folder, form))
    _done(f"已新建{form}格式的内容文件夹：{display_path(folder)}（{len(written)} 个文件）。"
          f"填写其中的 {{待定：…}}，然后运行 briefing build {display_path(folder)}")


@main.command("import")
@click.argument("draft", type=click.Path(path_type=Path, dir_okay=False), metavar="草稿文件")
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="写入的新内容文件夹（默认：当前文件夹下以草稿文件名命名的文件夹）。不覆盖已有的非空文件夹。")
@click.option("--figures", is_flag=True,
              help="另写“指标建议.yaml”：带单位、出现两次以上的数字，建议登记为指标（正文中的数字不改动）。")
@click.pass_context
def import_(ctx: click.Context, draft: Path, output: Path | None, figures: bool) -> None:
    """把 Word（.docx、.doc）、WPS（.wps）或纯文本（.txt、.md）草稿导入为内容文件夹：认出版头、标题、
    主送机关、各级标题、附件说明、署名、成文日期、版记和附件，写成建好就能生成的 YAML；原文没有的要素写成
    {待定：…}。每段的去向、推测和未放入的文字写在其中的“导入报告.txt”。"""
    from .importer import REPORT, import_draft
    imported = _run(ctx, lambda: import_draft(draft, output, figures))
    _done(f"已导入：{display_path(imported.folder)}（识别出 {len(imported.found)} 项要素，"
          f"{len(imported.missing)} 项待补充），各段去向见 {display_path(imported.folder / REPORT)}。")
    from . import api
    checked = _run(ctx, lambda: api.verify(imported.folder))
    _done(f"检查通过，可以生成：briefing build {display_path(imported.folder)}"
          f"（{len(checked.warnings)} 条警告，多为待填写的 {{待定：…}}，用 briefing check 逐条查看）")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False), default=Path("schema"),
              show_default=True, help="写入 JSON Schema 的文件夹。")
@click.pass_context
def schema(ctx: click.Context, output: Path) -> None:
    """写出内容文件的 JSON Schema（edition、附件和章节、指标登记表），供支持 YAML 语言服务器的
    编辑器（VS Code 等）补全键名、显示说明、标出错误。用法见 README“在编辑器中写内容”。"""
    from .schema import write_schemas
    written = _run(ctx, lambda: write_schemas(output))
    _done(f"已写出 {len(written)} 个 JSON Schema：{display_path(output)}")


@main.command()
@click.argument("old", metavar="旧版本")
@click.argument("new", required=False, metavar="[新版本]")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), default=Path("content"), show_default=True,
              help="写 git 版本时，比较的是这个内容文件夹在该版本中的样子。")
@click.option("--pdf", "-o", "pdf", type=click.Path(path_type=Path, dir_okay=False),
              help="另把修订对照写成可打印的 PDF（-o 与 build 的写法相同）。")
@click.pass_context
def diff(ctx: click.Context, old: str, new: str | None, content: Path, pdf: Path | None) -> None:
    """比较两个修订版本，列出改动（修订对照）：指标、各字段、出席名单、段落、标题、表格（按行名和栏名）、
    图片等的增删改和移动，每处写明印出的位置。

    旧版本、新版本各是一个内容文件夹或 git 版本（如 HEAD~1、v1.0）；省略新版本时为当前的内容文件夹。
    改动的文字用〖〗标出。两版相同时说明相同，退出码为 0。"""
    from . import api
    from .diff import compare, report
    from .gitrev import content_at

    def run():
        with content_at(old, content) as (old_folder, old_name), \
                content_at(new or str(content), content) as (new_folder, new_name):
            before, after = api.check(old_folder), api.check(new_folder)
            changes = compare(before.document.edition, after.document.edition)
            if pdf is not None:
                from .render.changes import write_changes_pdf
                from .write import atomic_target
                with atomic_target(pdf) as temporary:
                    write_changes_pdf(changes, old_name, new_name, after.document, after.fonts, temporary)
            return report(changes, old_name, new_name)

    click.echo(_run(ctx, run))


@main.command()
@click.argument("content", type=CONTENT, default=DEFAULT_CONTENT, metavar="[内容文件夹]")
@click.option("--port", type=click.IntRange(1, 65535), default=8370, show_default=True, metavar="端口",
              help="监听的端口（1 至 65535）。")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="地址",
              help="监听的地址。默认只接受本机访问；写其他地址（如 0.0.0.0）时启动会显示一个随机访问令牌，"
                   "只有带令牌的地址才能打开。")
@click.pass_context
def serve(ctx: click.Context, content: Path, port: int, host: str) -> None:
    """在浏览器中打开工作台：页面随保存实时更新，问题标在原文和页面上，可直接编辑内容、指标登记表，查看修订对照，生成 PDF、OFD、DOCX 和分发件。按 Ctrl+C 停止。"""
    from .serve import missing, serve as run
    needed = missing()
    if needed is not None:
        click.echo(f"错误：{needed}", err=True)
        sys.exit(2)
    _run(ctx, lambda: run(content, host, port, click.echo))


@main.command()
@click.argument("content", type=CONTENT, default=DEFAULT_CONTENT, metavar="[内容文件夹]")
@click.option("--pdf", "pdf", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="改为检查已生成的 PDF：逐项测量版式是否符合 GB/T 9704-2012。")
@click.option("--json", "as_json", is_flag=True, help="把结果以 JSON 写到标准输出（供脚本和 CI 使用）。")
@click.pass_context
def check(ctx: click.Context, content: Path, pdf: Path | None, as_json: bool) -> None:
    """只检查内容，不生成 PDF：列出全部错误和警告（如待定内容）。

    加 --pdf 文件 时测量该 PDF 的版式（版心、红头、行距、每行字数、禁则、页码、版记、字体嵌入），
    没有不合格项时退出码为 0，否则为 2；无内容可测的项列为“未测”，不算通过。加 --json 时结果以 JSON 写到标准输出，供脚本和 CI 使用。"""
    if pdf is not None:
        from .conformance import measure, report
        if as_json:
            try:
                checks = measure(pdf)
            except ContentError as exc:
                _json_problems(exc.problems, False)
            ok = not any(c.failed for c in checks)  # (a check with nothing to measure has "ok": null)
            _echo_json({"ok": ok, "unmeasured": sum(c.ok is None for c in checks),
                        "checks": [{"name": c.name, "clause": c.clause, "measured": c.measured,
                                    "nominal": c.nominal, "ok": c.ok} for c in checks]})
            sys.exit(0 if ok else 2)
        checks = _run(ctx, lambda: measure(pdf))
        click.echo(report(checks))
        sys.exit(2 if any(c.failed for c in checks) else 0)
    from . import api
    if as_json:
        try:
            checked = api.verify(content)
        except ContentError as exc:
            _json_problems(exc.problems, False)
        _json_problems(checked.warnings, True)
    checked = _run(ctx, lambda: api.verify(content))
    _print_warnings(checked.warnings)
    _done(f"检查通过：{len(checked.warnings)} 条警告，0 个错误。")


def _json_problems(problems: list[Problem], ok: bool) -> NoReturn:
    """Problems as JSON objects on stdout (file, line, column, YAML path, message, suggestion);
    exit 0 when there is no error, 2 otherwise."""
    def place(where) -> dict:
        if where is None:
            return {"file": None, "line": None, "column": None, "path": None}
        return {"file": display_path(where.file), "line": where.line, "column": where.column, "path": where.path}

    _echo_json({"ok": ok, "problems": [
        {"level": "warning" if p.warning else "error", **place(p.where), "message": p.message, "suggestion": p.hint}
        for p in problems]})
    sys.exit(0 if ok else 2)


def _echo_json(value: object) -> None:
    import json  # (as traceback below: imported by the commands that use it, not by every build)
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _print_warnings(problems: list[Problem]) -> None:
    """Problems go to stderr, each with its place and how to fix it (warnings not with --quiet)."""
    quiet = _quiet()
    for problem in problems:
        if not (quiet and problem.warning):
            click.echo(str(problem), err=True)


def _quiet() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().obj and ctx.find_root().obj.get("quiet"))


def _done(message: str) -> None:
    """A command's closing line, which --quiet leaves out."""
    if not _quiet():
        click.echo(message)


def _run(ctx: click.Context, action):
    try:
        return action()
    except ContentError as exc:
        _print_warnings(exc.problems)
        click.echo(f"未能完成：{len(exc.errors)} 个错误。已有的输出文件保持不变。", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        _interrupted()
    except OSError as exc:  # the disk, not the program: a schema or a new folder written to a full disk
        from .write import os_reason
        click.echo(f"错误：无法读写“{display_path(Path(exc.filename)) if exc.filename else '文件'}”：{os_reason(exc)}。",
                   err=True)
        sys.exit(2)
    except Exception as exc:  # an internal error: one line, the traceback only on request
        if ctx.obj.get("debug"):
            import traceback
            traceback.print_exc()
        click.echo(f"内部错误：{type(exc).__name__}: {exc}（加 --debug 查看详情）。已有的输出文件保持不变。",
                   err=True)
        sys.exit(1)
