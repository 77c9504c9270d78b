#!/usr/bin/env bash
# Rebuild briefing/serve/static/codemirror.js (CodeMirror 6 with YAML, completion and lint, one
# minified IIFE exposing the global CM) and its licence file from npm, at pinned versions.
# Needs node and npm; run from the repository root. About 420 KB; the desk loads it once.
set -euo pipefail
out="$PWD/briefing/serve/static"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --save-exact codemirror@6.0.2 @codemirror/lang-yaml@6.1.3 \
  @codemirror/autocomplete@6.20.4 @codemirror/lint@6.9.8 @codemirror/state@6.7.6 @codemirror/view@6.44.2 \
  esbuild@0.28.2 >/dev/null
cat > entry.js <<'JS'
export {EditorView, basicSetup} from "codemirror";
export {yaml} from "@codemirror/lang-yaml";
export {autocompletion} from "@codemirror/autocomplete";
export {setDiagnostics, lintGutter} from "@codemirror/lint";
JS
node_modules/@esbuild/linux-x64/bin/esbuild entry.js --bundle --minify --format=iife --global-name=CM \
  --legal-comments=none --outfile="$out/codemirror.js"
{
  echo "codemirror.js bundles the following npm packages, all under the MIT licence:"
  echo
  for manifest in $(find node_modules -maxdepth 3 -name package.json -not -path '*esbuild*' | sort); do
    node -e "const p=require('./$manifest'); console.log('- ' + p.name + '@' + p.version + ' (' + p.license + ')')"
  done
  echo
  cat node_modules/codemirror/LICENSE
  echo
  cat node_modules/@lezer/common/LICENSE
} > "$out/LICENSE-codemirror.txt"
