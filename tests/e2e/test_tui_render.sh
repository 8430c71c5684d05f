#!/bin/sh
# test_tui_render.sh: what reaches the terminal (issue 6): escape
# injection, wide characters, NO_COLOR, themes, a broken theme file,
# wrapping and sideways scrolling, narrow titles.
#
#   sh tests/e2e/test_tui_render.sh    (TAILOR=path/to/tailor; default ./tailor)

. "$(dirname "$0")/../fixtures/tui/tmux.sh"
tt_require tmux python3

cd "$TT_DIR" || exit 1

# Fixtures -------------------------------------------------------------

{
	tt_rec 1 INFO app.web 'BEFORE-EVIL record'
	printf '2026-01-01 00:00:02,000 - app.evil - WARNING - title \033]0;pwned\007 clear \033[2J home \033[H nul \000 c1 \302\233 raw \233 bad \377 bidi \342\200\256 EVIL-END\n'
	tt_rec 3 INFO app.web 'AFTER-EVIL record'
} >evil.log

# Korean messages: loggen's (service api has them) and lnav's nemesis.
tt_gen --lines 300 --style classic --service api --seed 7 >ko.log
{
	tt_rec 1800 ERROR app.model '예측 실패: 입력 피처 누락 | AFTER-KO-1'
	tt_rec 1801 INFO app.model '주문 요청 처리됨 order_id=1 amount=2원 | AFTER-KO-2'
	tt_rec 1802 WARNING app.model '모델 응답 지연 x | AFTER-KO-3'
} >>ko.log

# Long lines: wide characters with no spaces (wrap), ASCII (sideways).
ko14='가나다라마바사아자차카타파하'
{
	tt_rec 1 INFO app.wrap "WRAP-START$ko14$ko14$ko14$ko14$ko14$ko14$ko14$ko14$ko14$ko14-WRAP-END"
	tt_rec 2 INFO app.wide "HSCROLL-START-$(printf '%0300d' 0)-HSCROLL-END"
	tt_rec 3 INFO app.wrap 'LAST-SHORT'
} >long.log

tt_gen --lines 50 --style classic --service worker --seed 8 >plain.log

# The same two records in a layout only --format reads, and as classic
# Python logging lines (auto-detected): both must be drawn alike.
printf 'INFO@app.db@2026-01-01 00:00:05,000: FMTMSG-1 hello\nWARNING@app.web@2026-01-01 00:00:06,000: FMTMSG-2 careful\n' >fmt.log
{
	tt_rec 5 INFO app.db 'FMTMSG-1 hello'
	tt_rec 6 WARNING app.web 'FMTMSG-2 careful'
} >classic.log

# Checks -----------------------------------------------------------------

# Python reads the screen (stdin) and checks columns of wide characters.
pycheck() {
	python3 -c "$1"
}

# Every screen line that holds the pane border has it at the same column
# (wide characters counted as two): nothing after a Korean string moved.
borders_aligned() {
	tt_screen | pycheck '
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
cols = set()
for line in sys.stdin.read().split("\n")[1:-2]:
    i = line.find("\u2502")
    if i >= 0:
        cols.add(width(line[:i]))
sys.exit(0 if len(cols) == 1 else 1)'
}

# No colour in SGR sequences of the screen: 30-37 40-47 90-97 100-107,
# 38;... 48;... (39 and 49, "default colour", are allowed).
no_colour_sgr() {
	tt_screen -e | pycheck '
import re, sys
bad = []
for m in re.finditer(r"\x1b\[([0-9;:]*)m", sys.stdin.read()):
    ps = m.group(1).replace(":", ";").split(";")
    i = 0
    while i < len(ps):
        p = int(ps[i]) if ps[i] else 0
        if p in (38, 48, 58):
            bad.append(m.group(0)); break
        if 30 <= p <= 37 or 40 <= p <= 47 or 90 <= p <= 97 or 100 <= p <= 107:
            bad.append(m.group(0)); break
        i += 1
if bad:
    print("colour SGR:", sorted(set(bad))[:5], file=sys.stderr)
sys.exit(1 if bad else 0)'
}

has_colour_sgr() {
	! no_colour_sgr 2>/dev/null
}

# Test cases -------------------------------------------------------------

# OSC title, clear screen and other control bytes are shown, not obeyed.
test_escape_injection() {
	tt_start 160 20 evil.log
	tt_wait 'AFTER-EVIL record'
	tt_wait 'EVIL-END'
	tt_assert_has 'BEFORE-EVIL record'
	tt_line_has 0 ' evil.log ' || tt_fail "the pane title is damaged"
	tt_assert_has '^[]0;pwned^G'
	tt_assert_has '^[[2J'
	tt_assert_has '^[[H'
	tt_assert_has 'nul ^@ c1'
	tt_assert_has 'c1 \x9b raw \x9b bad \xff bidi'
	tt_assert_has '<U+202E>'
	tt_line_has 19 'q quit' || tt_fail "the status line is damaged"
	[ "$(tt display-message -p '#{pane_title}')" != pwned ] ||
	    tt_fail "the log set the terminal title"
	# The injected text stays on its own line.
	l=$(tt_screen | grep -n 'EVIL-END' | cut -d: -f1)
	tt_line $((l - 2)) | grep -q 'BEFORE-EVIL' ||
	    tt_fail "the record before the escapes moved"
}

# Korean lines keep every character, and the columns after them (the
# pane border) stay in place; at the right edge a wide character is left
# out whole, never cut in half.
test_korean() {
	tt_start 160 40 --view raw ko.log plain.log	# the lines as written
	tt_wait ' plain.log '
	tt_keys s		# columns at every width (auto would take rows)
	tt_wait 'layout: columns'
	tt_wait '00:30:02,000 - app.model - WARNING - 모델 응답 지연 x |'
	tt_until "the pane border in one column on every line" borders_aligned
	# Odd widths put wide characters across the pane edge.
	for w in 161 163 120 97; do
		tt resize-window -x "$w" -y 40
		tt_until "border aligned at width $w" borders_aligned
	done
	tt resize-window -x 160 -y 40
	tt_keys z
	tt_wait_gone ' plain.log '
	# Polled, not asserted once: a capture can land in the middle of a redraw.
	tt_wait '예측 실패: 입력 피처 누락 | AFTER-KO-1'
	tt_wait '주문 요청 처리됨 order_id=1 amount=2원 | AFTER-KO-2'
	tt_wait '모델 응답 지연 x | AFTER-KO-3'
	# Every Korean line of the last screen of the file shows whole (polled:
	# a capture can land in the middle of a redraw).
	tt_until "every Korean line of the last screen whole" korean_whole
}

# Are the Korean lines of ko.log that are on screen shown whole?
korean_whole() {
	tt_screen >screen.txt
	python3 -c '
import sys
screen = open("screen.txt", encoding="utf-8").read()
lines = [l for l in open("ko.log", encoding="utf-8").read().split("\n")
         if any("\uac00" <= c <= "\ud7a3" for c in l) and len(l) < 100]
shown = [l for l in lines[-20:] if l.split(" - ")[0] in screen]
missing = [l for l in shown if l not in screen]
if not shown or missing:
    print("not whole on screen:", missing[:3], file=sys.stderr)
    sys.exit(1)'
}

# NO_COLOR (any value) and --no-color: attributes only.
test_no_color() {
	TT_ENV='NO_COLOR=1' tt_start 160 40 ko.log plain.log
	tt_wait ' plain.log '
	tt_wait '00:30:02.000'		# compact view: the time of day
	no_colour_sgr || tt_fail "colours on screen with NO_COLOR=1"
	tt_keys /
	tt_lit 'AFTER'
	tt_keys Enter
	tt_wait 'PAUSED'
	tt_keys Tab			# another pane focused: title.focus moves
	tt_keys t
	tt_wait 'loggers:'
	no_colour_sgr || tt_fail "colours on screen with NO_COLOR=1 (search, tree)"
	TT_ENV='-u NO_COLOR' tt_start 160 40 --no-color ko.log
	tt_wait 'AFTER-KO-3'
	no_colour_sgr || tt_fail "colours on screen with --no-color"
	# Without either, there are colours (the check is not blind).
	tt_start 160 40 ko.log
	tt_wait 'AFTER-KO-3'
	tt_until "colours without NO_COLOR" has_colour_sgr
}

# Each built-in theme loads: the screen draws, no error on the status line.
test_themes() {
	for theme in default dark-256 light-256 solarized-dark high-contrast mono; do
		tt_start 160 30 --theme "$theme" ko.log
		tt_wait 'AFTER-KO-3'
		tt_wait_line 29 'q quit'
		tt_line 29 | grep -qi 'theme' && tt_fail "theme $theme: $(tt_line 29)"
		tt_line_has 0 ' ko.log ' || tt_fail "theme $theme: no title"
		if [ "$theme" = mono ]; then
			no_colour_sgr || tt_fail "mono has colours"
		fi
		tt_keys q
		tt_wait 'TAILOR-EXIT=0'
	done
}

# A broken theme file: FILE:LINE: what is wrong on the status line, and the
# default theme is used.
test_broken_theme() {
	printf '# a theme\nlevel.info fg=green\nlevel.error fg=notacolour bold\n' >broken.theme
	tt_start 160 30 --theme ./broken.theme ko.log
	tt_wait 'AFTER-KO-3'
	tt_wait 'broken.theme:3:'
	tt_assert_has 'default theme'
	tt_line 29 | grep -q 'broken.theme:3:' || tt_fail "the message is not on the status line"
	tt_until "colours of the default theme" has_colour_sgr
	# A key takes the message away.
	tt_keys j
	tt_wait_gone 'broken.theme:3:'
	tt_answers
}

# r wraps long lines (wide characters never split, none lost); Left/Right
# scroll sideways when wrap is off, up to the end of the longest line.
test_wrap_and_hscroll() {
	tt_start 81 30 --view raw long.log
	tt_wait 'LAST-SHORT'
	tt_assert_hasnt 'WRAP-END'
	tt_assert_hasnt 'HSCROLL-END'
	tt_keys r
	tt_wait 'WRAP-END'
	tt_wait 'HSCROLL-END'
	tt_wait_line 0 'wrap'
	# The wrapped rows of the Korean record put together are the record.
	tt_screen >screen.txt
	python3 -c '
import sys
rows = open("screen.txt", encoding="utf-8").read().split("\n")
start = next(i for i, r in enumerate(rows) if "WRAP-START" in r)
end = next(i for i, r in enumerate(rows) if "WRAP-END" in r)
got = "".join(r.rstrip(" ") for r in rows[start:end + 1])
want = [l for l in open("long.log", encoding="utf-8").read().split("\n") if "WRAP-START" in l][0]
if got != want:
    print("wrapped: %r\nwant:    %r" % (got, want), file=sys.stderr)
    sys.exit(1)' || tt_fail "wrapping lost or moved characters"
	tt_keys r
	tt_wait_gone 'WRAP-END'
	tt_keys Right
	tt_wait_line 0 'col 9'
	tt_until "text scrolled by 8 columns" sh -c '
	    tmux -L "$TT_SOCK" capture-pane -p | grep -q "^01 00:00:03,000 - app.wrap - INFO - LAST-SHORT"'
	i=0
	while [ $i -lt 60 ]; do
		tt_keys Right
		i=$((i + 1))
	done
	tt_wait 'HSCROLL-END'
	tt_keys Left Left Left Left Left Left Left Left Left Left Left Left
	for i in 1 2 3 4 5 6; do
		tt_keys Left Left Left Left Left Left Left Left Left Left
	done
	tt_wait_line 3 '2026-01-01 00:00:03,000'
	tt_wait_gone 'col '
}

# Narrow panes: the title keeps the name and the follow state, and leaves
# out whole pieces rather than cutting them.
test_narrow_title() {
	tt_start 60 10 ko.log plain.log
	tt_wait ' ko.log '
	tt_wait ' plain.log '
	tt_line_has 0 'FOLLOW' || tt_fail "FOLLOW left out of a 30-column title"
	tt_line 0 | grep -Eq '\[[a-z]*( |$)' && tt_fail "a cut [format] piece: $(tt_line 0)"
	tt resize-window -x 24 -y 10
	tt_until "names in a 12-column title" sh -c '
	    tmux -L "$TT_SOCK" capture-pane -p | head -1 | grep -q "ko\.log.*plain\.log"'
	tt resize-window -x 160 -y 10
	tt_wait '[python]'
}

# The SGR state (the escapes since the last reset) in front of the first
# occurrence of a fixed string on the screen (stdin: capture-pane -e).
sgr_at() {
	python3 -c '
import re, sys
want = sys.argv[1]
def apply(st, ps):
    ps = [int(x) if x else 0 for x in ps.replace(":", ";").split(";")]
    i = 0
    while i < len(ps):
        p = ps[i]
        if p == 0:
            st.clear()
        elif p in (1, 2, 3, 4, 5, 7):
            st[p] = 1
        elif p == 22:
            st.pop(1, None); st.pop(2, None)
        elif p in (23, 24, 25, 27):
            st.pop(p - 20, None)
        elif 30 <= p <= 37 or 90 <= p <= 97:
            st["fg"] = str(p)
        elif 40 <= p <= 47 or 100 <= p <= 107:
            st["bg"] = str(p)
        elif p in (38, 48):
            n = 3 if ps[i + 1] == 5 else 5
            st["fg" if p == 38 else "bg"] = ";".join(map(str, ps[i:i + n]))
            i += n - 1
        elif p == 39:
            st.pop("fg", None)
        elif p == 49:
            st.pop("bg", None)
        i += 1
for line in sys.stdin.read().split("\n"):
    st, text, marks, i = {}, "", [], 0
    while i < len(line):
        m = re.match(r"\x1b\[([0-9;:]*)m", line[i:])
        if m:
            apply(st, m.group(1))
            i += m.end()
            continue
        marks.append(" ".join("%s=%s" % (k, st[k]) for k in sorted(st, key=str)))
        text += line[i]
        i += 1
    k = text.find(want)
    if k >= 0:
        print(marks[k])
        sys.exit(0)
sys.exit(1)' "$1"
}

# A --format source is drawn with its own parser: its time, level and
# logger have the colours the same fields of an auto-detected line get
# (a second auto-detection of the drawn line read nothing: plain text).
test_format_colours() {
	tt_start 160 10 --view raw classic.log
	tt_wait 'FMTMSG-2 careful'
	tt_until "classic line coloured" has_colour_sgr
	tt_screen -e >classic.screen
	tt_keys q
	tt_wait 'TAILOR-EXIT=0'
	tt_start 160 10 --view raw --format "'%(levelname)s@%(name)s@%(asctime)s: %(message)s'" fmt.log
	tt_wait 'FMTMSG-2 careful'
	tt_screen -e >fmt.screen
	for s in '2026-01-01 00:00:05,000' '2026-01-01 00:00:06,000' 'app.db' \
	    'app.web' INFO WARNING 'FMTMSG-1' 'FMTMSG-2'; do
		want=$(sgr_at "$s" <classic.screen) || tt_fail "no '$s' in the classic pane"
		got=$(sgr_at "$s" <fmt.screen) || tt_fail "no '$s' in the --format pane"
		[ "$got" = "$want" ] || tt_fail "'$s' drawn with SGR '$got', auto-detected with '$want'"
	done
	msg=$(sgr_at 'FMTMSG-1' <fmt.screen)
	[ "$(sgr_at '00:00:05,000' <fmt.screen)" != "$msg" ] ||
	    tt_fail "the time has the message's colour"
	[ "$(sgr_at 'app.db' <fmt.screen)" != "$msg" ] ||
	    tt_fail "the logger has the message's colour"
}

tt_run test_escape_injection
tt_run test_korean
tt_run test_no_color
tt_run test_themes
tt_run test_broken_theme
tt_run test_wrap_and_hscroll
tt_run test_narrow_title
tt_run test_format_colours
tt_done
