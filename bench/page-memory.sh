#!/usr/bin/env bash
# Analysis tool (issue 21): the memory of the page's process (WebKitWebProcess) for a built UI,
# without building the app. A bare WebKitGTK window of our size (the same libwebkit2gtk-4.1 the
# app links, compiled here in a second) serves a folder over a custom scheme, as the app's
# tauri:// does, with the app facts the shell hands over and a Tauri IPC stub that never answers
# (the first screen asks nothing). Each try costs seconds, so CSS can be bisected:
#   bench/page-memory.sh                         ui/dist against a hello-world page, RUNS=5 each
#   bench/page-memory.sh DIR…                    any built folders (index.html at their root)
#   CSS='input{border:none!important}' bench/page-memory.sh   appended to every copy's <head>
#   SHOTS=DIR …                                  one screenshot per page (X root window) into DIR
# WEBKIT_* variables reach the web process (e.g. WEBKIT_SHOW_COMPOSITING_DEBUG_VISUALS=1).
# Prints, per page: median / min / max over RUNS of the web process's peak RSS over 5 s from
# launch (sampled every 50 ms), and its RSS, PSS and anonymous memory at 5 s.
# Absolute figures are below the app's (no Tauri scripts); the differences between pages hold.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
RUNS=${RUNS:-5}
fail() { echo "page-memory: $*" >&2; exit 2; }
command -v gcc >/dev/null && pkg-config --exists webkit2gtk-4.1 || fail "needs gcc and libwebkit2gtk-4.1-dev"
work=$(mktemp -d /tmp/page-memory.XXXXXX)
trap 'rm -rf "$work"' EXIT

cat > "$work/shell.c" <<'C'
#include <webkit2/webkit2.h>
#include <string.h>
static const char *root;
static void serve(WebKitURISchemeRequest *req, gpointer unused) {
  const char *path = webkit_uri_scheme_request_get_path(req);
  if (!path || !*path || !strcmp(path, "/")) path = "/index.html";
  char *file = g_build_filename(root, path, NULL);
  gchar *data; gsize len; GError *err = NULL;
  if (!g_file_get_contents(file, &data, &len, &err)) {
    webkit_uri_scheme_request_finish_error(req, err); g_error_free(err); g_free(file); return;
  }
  const char *mime = g_str_has_suffix(file, ".js") ? "text/javascript"
    : g_str_has_suffix(file, ".css") ? "text/css" : g_str_has_suffix(file, ".html") ? "text/html"
    : "application/octet-stream";
  GInputStream *s = g_memory_input_stream_new_from_data(data, len, g_free);
  webkit_uri_scheme_request_finish(req, s, len, mime);
  g_object_unref(s); g_free(file);
}
int main(int argc, char **argv) {
  gtk_init(&argc, &argv);
  root = argv[1];
  gchar *script = NULL;
  g_file_get_contents(argv[2], &script, NULL, NULL);
  WebKitWebContext *ctx = webkit_web_context_get_default();
  webkit_web_context_register_uri_scheme(ctx, "app", serve, NULL, NULL);
  webkit_security_manager_register_uri_scheme_as_secure(webkit_web_context_get_security_manager(ctx), "app");
  WebKitUserContentManager *ucm = webkit_user_content_manager_new();
  webkit_user_content_manager_add_script(ucm, webkit_user_script_new(script,
    WEBKIT_USER_CONTENT_INJECT_TOP_FRAME, WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START, NULL, NULL));
  GtkWidget *win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  gtk_window_set_default_size(GTK_WINDOW(win), atoi(argv[3]), atoi(argv[4]));
  GtkWidget *view = webkit_web_view_new_with_user_content_manager(ucm);
  gtk_container_add(GTK_CONTAINER(win), view);
  g_signal_connect(win, "destroy", G_CALLBACK(gtk_main_quit), NULL);
  webkit_web_view_load_uri(WEBKIT_WEB_VIEW(view), "app://localhost/index.html");
  gtk_widget_show_all(win);
  gtk_main();
  return 0;
}
C
# shellcheck disable=SC2046
gcc -O1 -o "$work/shell" "$work/shell.c" $(pkg-config --cflags --libs webkit2gtk-4.1) || fail "compile failed"
# What the shell hands the page in a test-mode run, and an IPC that never answers.
cat > "$work/page.js" <<'JS'
window.__IOT_HTTPS_APP_INFO__ = Object.freeze({ version: '0.1.0', os: 'linux', loopbackOnly: true,
  loopbackReason: 'test', initialBox: null, startOnDemoBox: false, desktopLanguage: 'en',
  preferences: { language: null, lastTab: null, reportFormat: null, defaultResolvers: [] } });
window.__TAURI_INTERNALS__ = { invoke: () => new Promise(() => {}), transformCallback: () => 0,
  unregisterCallback: () => {}, convertFileSrc: (x) => x, plugins: {},
  metadata: { currentWindow: { label: 'main' }, currentWebview: { windowLabel: 'main', label: 'main' } } };
JS
read -r width height < <(python3 -c 'import json; w = json.load(open("src-tauri/tauri.conf.json"))["app"]["windows"][0]; print(w["width"], w["height"])')

pages=("$@")
if [ ${#pages[@]} -eq 0 ]; then
  [ -f ui/dist/index.html ] || fail "no ui/dist: cd ui && npm run build"
  mkdir -p "$work/hello"
  printf '%s\n' '<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>hello</title></head>' \
    '<body><h1>Hello, Tauri</h1><button id="hello" type="button">Hello</button></body></html>' > "$work/hello/index.html"
  pages=("$root/ui/dist" "$work/hello")
fi
i=0
for p in "${pages[@]}"; do
  i=$((i + 1))
  [ -f "$p/index.html" ] || fail "$p has no index.html"
  cp -r "$p" "$work/page$i"
  [ -n "${CSS:-}" ] && python3 - "$work/page$i/index.html" "$CSS" <<'PY'
import sys
path, css = sys.argv[1], sys.argv[2]
html = open(path).read()
open(path, "w").write(html.replace("</head>", "<style>" + css + "</style></head>", 1))
PY
done

cat > "$work/measure.sh" <<'SH'
#!/usr/bin/env bash
# measure.sh SHELL SCRIPT W H DIR [SHOT]: one launch; prints peakKiB rssKiB pssKiB anonKiB
shell=$1 script=$2 w=$3 h=$4 dir=$5 shot=${6:-}
HOME=$(mktemp -d "$dir.home.XXXX"); export HOME XDG_CACHE_HOME=$HOME/.cache XDG_DATA_HOME=$HOME/.local/share
"$shell" "$dir" "$script" "$w" "$h" 2>/dev/null &
pid=$!
peak=0
for _ in $(seq 100); do
  sleep 0.05
  web=$(pgrep -P "$pid" -f WebKitWebProcess | head -1) || true
  [ -n "$web" ] || continue
  r=$(awk '{print $2 * 4}' "/proc/$web/statm" 2>/dev/null) || true
  [ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
done
web=$(pgrep -P "$pid" -f WebKitWebProcess | head -1) || true
[ -n "$shot" ] && import -window root "$shot" 2>/dev/null
awk -v peak="$peak" '/^Rss:/{r=$2} /^Pss:/{p=$2} /^Anonymous:/{a=$2} END{print peak, r, p, a}' "/proc/$web/smaps_rollup"
kill "$pid"; wait "$pid" 2>/dev/null || true
rm -rf "$HOME"
SH
chmod +x "$work/measure.sh"
cat > "$work/all.sh" <<SH
#!/usr/bin/env bash
for run in \$(seq $RUNS); do
  for n in \$(seq ${#pages[@]}); do
    shot=
    [ -n "${SHOTS:-}" ] && [ "\$run" = 1 ] && shot="${SHOTS:-}/page\$n.png"
    echo "\$n \$("$work/measure.sh" "$work/shell" "$work/page.js" $width $height "$work/page\$n" "\$shot")"
  done
done
SH
chmod +x "$work/all.sh"
[ -n "${SHOTS:-}" ] && mkdir -p "$SHOTS"
scripts/desktop-session --timeout $((60 + 12 * RUNS * ${#pages[@]})) --logs "$work/session" -- "$work/all.sh" > "$work/out.txt" \
  || fail "the measurement failed"
python3 - "$work/out.txt" "${pages[@]}" <<'PY'
import statistics, sys
out, pages = sys.argv[1], sys.argv[2:]
rows = {}
for line in open(out):
    f = line.split()
    if len(f) == 5 and f[0].isdigit():
        rows.setdefault(int(f[0]), []).append([int(x) / 1024 for x in f[1:]])
for n, page in enumerate(pages, 1):
    r = rows.get(n, [])
    if not r:
        print(f"{page}: no measurement"); continue
    col = lambda k: [x[k] for x in r]
    med = lambda k: statistics.median(col(k))
    print(f"{page}: WebKitWebProcess peak RSS median {med(0):.1f} MiB (min {min(col(0)):.1f}, max {max(col(0)):.1f}; "
          f"{len(r)} runs); at 5 s RSS {med(1):.1f}, PSS {med(2):.1f}, anonymous {med(3):.1f} MiB")
PY
