#!/bin/sh
# test_tui_render.sh: what reaches the terminal (issue 6): escape
# injection, wide characters, NO_COLOR, themes, a broken theme file,
# wrapping and sideways scrolling, narrow titles.
#
#	sh tests/e2e/run.sh test_tui_render
#
# Every assertion polls the screen (tests/e2e/lib.sh's tui_* helpers).

. "${E2E_DIR:-$(dirname "$0")}/lib.sh"

# The interpreter itself, not a version-manager shim (slow to start).
PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || PY=python3

# Fixtures (in $E2E_TMP; each case copies the ones it uses) ---------------

{
	classic_rec 1 INFO app.web 'BEFORE-EVIL record'
	printf '2026-01-01 00:00:02,000 - app.evil - WARNING - title \033]0;pwned\007 clear \033[2J home \033[H nul \000 c1 \302\233 raw \233 bad \377 bidi \342\200\256 EVIL-END\n'
	classic_rec 3 INFO app.web 'AFTER-EVIL record'
} >evil.log

# Korean messages: loggen's (service api has them) and lnav's nemesis.
$LOGGEN --lines 300 --style classic --service api --seed 7 >ko.log
{
	classic_rec 1800 ERROR app.model '예측 실패: 입력 피처 누락 | AFTER-KO-1'
	classic_rec 1801 INFO app.model '주문 요청 처리됨 order_id=1 amount=2원 | AFTER-KO-2'
	classic_rec 1802 WARNING app.model '모델 응답 지연 x | AFTER-KO-3'
} >>ko.log

# Long lines: wide characters with no spaces (wrap), ASCII (sideways).
ko14='가나다라마바사아자차카타파하'
{
	classic_rec 1 INFO app.wrap "WRAP-START$ko14$ko14$ko14$ko14$ko14$ko14$ko14$ko14$ko14$ko14-WRAP-END"
	classic_rec 2 INFO app.wide "HSCROLL-START-$(printf '%0300d' 0)-HSCROLL-END"
	classic_rec 3 INFO app.wrap 'LAST-SHORT'
} >long.log

$LOGGEN --lines 50 --style classic --service worker --seed 8 >plain.log

# The same two records in a layout only --format reads, and as classic
# Python logging lines (auto-detected): both must be drawn alike.
printf 'INFO@app.db@2026-01-01 00:00:05,000: FMTMSG-1 hello\nWARNING@app.web@2026-01-01 00:00:06,000: FMTMSG-2 careful\n' >fmt.log
{
	classic_rec 5 INFO app.db 'FMTMSG-1 hello'
	classic_rec 6 WARNING app.web 'FMTMSG-2 careful'
} >classic.log

# Checks -----------------------------------------------------------------

# Python reads the screen (stdin) and checks columns of wide characters.
pycheck() {
	$PY -c "$1"
}

# borders_aligned S: every screen line that holds the pane border has it at
# the same column (wide characters counted as two): nothing after a Korean
# string moved.
borders_aligned() {
	tui_screen "$1" | pycheck '
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

# no_colour_sgr S: no colour in SGR sequences of the screen: 30-37 40-47
# 90-97 100-107, 38;... 48;... (39 and 49, "default colour", are allowed).
no_colour_sgr() {
	tui_screen "$1" -e | pycheck '
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
	! no_colour_sgr "$1" 2>/dev/null
}

# Test cases -------------------------------------------------------------

# OSC title, clear screen and other control bytes are shown, not obeyed.
case_escape_injection() {
	fixtures evil.log
	tui_start ev 160 20 evil.log
	tui_wait_text ev 'AFTER-EVIL record' || fail "evil.log not shown"
	tui_wait_text ev 'EVIL-END' || fail "the evil record not shown"
	tui_has ev 'BEFORE-EVIL record'
	tui_line_has ev 0 ' evil.log ' || tui_fail ev "the pane title is damaged"
	tui_has ev '^[]0;pwned^G'
	tui_has ev '^[[2J'
	tui_has ev '^[[H'
	tui_has ev 'nul ^@ c1'
	tui_has ev 'c1 \x9b raw \x9b bad \xff bidi'
	tui_has ev '<U+202E>'
	tui_line_has ev 19 'q quit' || tui_fail ev "the status line is damaged"
	[ "$(e2e_tmux display-message -p -t ev '#{pane_title}')" != pwned ] ||
	    tui_fail ev "the log set the terminal title"
	# The injected text stays on its own line.
	l=$(tui_screen ev | grep -n 'EVIL-END' | cut -d: -f1)
	tui_line ev $((l - 2)) | grep -q 'BEFORE-EVIL' ||
	    tui_fail ev "the record before the escapes moved"
}

# Korean lines keep every character, and the columns after them (the
# pane border) stay in place; at the right edge a wide character is left
# out whole, never cut in half.
case_korean() {
	fixtures ko.log plain.log
	tui_start ko 160 40 --view raw ko.log plain.log	# the lines as written
	tui_wait_text ko ' plain.log ' || fail "plain.log not shown"
	tui_keys ko s		# columns at every width (auto would take rows)
	tui_wait_text ko 'layout: columns' || fail "s: not columns"
	tui_wait_text ko '00:30:02,000 - app.model - WARNING - 모델 응답 지연 x |' ||
	    fail "the last Korean record not shown"
	tui_until ko "the pane border in one column on every line" "borders_aligned ko"
	# Odd widths put wide characters across the pane edge.
	for w in 161 163 120 97; do
		tui_resize ko "$w" 40
		tui_until ko "border aligned at width $w" "borders_aligned ko"
	done
	tui_resize ko 160 40
	tui_keys ko z
	tui_wait_gone ko ' plain.log ' || fail "z: plain.log still shown"
	# Polled, not asserted once: a capture can land in the middle of a redraw.
	tui_wait_text ko '예측 실패: 입력 피처 누락 | AFTER-KO-1' || fail "AFTER-KO-1 not whole"
	tui_wait_text ko '주문 요청 처리됨 order_id=1 amount=2원 | AFTER-KO-2' || fail "AFTER-KO-2 not whole"
	tui_wait_text ko '모델 응답 지연 x | AFTER-KO-3' || fail "AFTER-KO-3 not whole"
	# Every Korean line of the last screen of the file shows whole (polled:
	# a capture can land in the middle of a redraw).
	tui_until ko "every Korean line of the last screen whole" "korean_whole ko"
}

# korean_whole S: are the Korean lines of ko.log that are on screen shown whole?
korean_whole() {
	tui_screen "$1" >screen.txt
	$PY -c '
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
case_no_color() {
	fixtures ko.log plain.log
	TUI_ENV='NO_COLOR=1' tui_start nc 160 40 ko.log plain.log
	tui_wait_text nc ' plain.log ' || fail "plain.log not shown"
	tui_wait_text nc '00:30:02.000' || fail "compact view: no time of day"
	no_colour_sgr nc || tui_fail nc "colours on screen with NO_COLOR=1"
	tui_keys nc /
	tui_keys nc -l 'AFTER'
	tui_keys nc Enter
	tui_wait_text nc 'PAUSED' || fail "the search did not pause"
	tui_keys nc Tab			# another pane focused: title.focus moves
	tui_keys nc t
	tui_wait_text nc 'loggers:' || fail "t: no tree"
	no_colour_sgr nc || tui_fail nc "colours on screen with NO_COLOR=1 (search, tree)"
	TUI_ENV='-u NO_COLOR' tui_start nc2 160 40 --no-color ko.log
	tui_wait_text nc2 'AFTER-KO-3' || fail "--no-color: ko.log not shown"
	no_colour_sgr nc2 || tui_fail nc2 "colours on screen with --no-color"
	# Without either, there are colours (the check is not blind).
	TUI_ENV='-u NO_COLOR' tui_start nc3 160 40 ko.log
	tui_wait_text nc3 'AFTER-KO-3' || fail "ko.log not shown"
	tui_until nc3 "colours without NO_COLOR" "has_colour_sgr nc3"
}

# Each built-in theme loads: the screen draws, no error on the status line.
case_themes() {
	fixtures ko.log
	for theme in default dark-256 light-256 solarized-dark high-contrast mono; do
		tui_start "th-$theme" 160 30 --theme "$theme" ko.log
		tui_wait_text "th-$theme" 'AFTER-KO-3' || fail "theme $theme: ko.log not shown"
		tui_wait_line "th-$theme" 29 'q quit' || fail "theme $theme: no status line"
		tui_line "th-$theme" 29 | grep -qi 'theme' &&
		    tui_fail "th-$theme" "theme $theme: $(tui_line "th-$theme" 29)"
		tui_line_has "th-$theme" 0 ' ko.log ' || tui_fail "th-$theme" "theme $theme: no title"
		if [ "$theme" = mono ]; then
			no_colour_sgr "th-$theme" || tui_fail "th-$theme" "mono has colours"
		fi
		tui_keys "th-$theme" q
		st=$(tui_wait_exit "th-$theme") || tui_fail "th-$theme" "theme $theme: q did not quit"
		assert_eq "$st" 0 "theme $theme: exit status after q"
		tui_stop "th-$theme"
	done
}

# A broken theme file: FILE:LINE: what is wrong on the status line, and the
# default theme is used.
case_broken_theme() {
	fixtures ko.log
	printf '# a theme\nlevel.info fg=green\nlevel.error fg=notacolour bold\n' >broken.theme
	tui_start bt 160 30 --theme ./broken.theme ko.log
	tui_wait_text bt 'AFTER-KO-3' || fail "ko.log not shown"
	tui_wait_text bt 'broken.theme:3:' || fail "no FILE:LINE message"
	tui_has bt 'default theme'
	tui_line bt 29 | grep -q 'broken.theme:3:' || tui_fail bt "the message is not on the status line"
	tui_until bt "colours of the default theme" "has_colour_sgr bt"
	# A key takes the message away.
	tui_keys bt j
	tui_wait_gone bt 'broken.theme:3:' || fail "j: the message stays"
	tui_answers bt
}

# r wraps long lines (wide characters never split, none lost); Left/Right
# scroll sideways when wrap is off, up to the end of the longest line.
case_wrap_and_hscroll() {
	fixtures long.log
	tui_start wr 81 30 --view raw long.log
	tui_wait_text wr 'LAST-SHORT' || fail "long.log not shown"
	tui_hasnt wr 'WRAP-END'
	tui_hasnt wr 'HSCROLL-END'
	tui_keys wr r
	tui_wait_text wr 'WRAP-END' || fail "r: the Korean line not wrapped"
	tui_wait_text wr 'HSCROLL-END' || fail "r: the ASCII line not wrapped"
	tui_wait_line wr 0 'wrap' || fail "r: no wrap in the title"
	# The wrapped rows of the Korean record put together are the record.
	tui_screen wr >screen.txt
	$PY -c '
import sys
rows = open("screen.txt", encoding="utf-8").read().split("\n")
start = next(i for i, r in enumerate(rows) if "WRAP-START" in r)
end = next(i for i, r in enumerate(rows) if "WRAP-END" in r)
got = "".join(r[1:].rstrip(" ") for r in rows[start:end + 1])  # [1:]: the gutter
want = [l for l in open("long.log", encoding="utf-8").read().split("\n") if "WRAP-START" in l][0]
if got != want:
    print("wrapped: %r\nwant:    %r" % (got, want), file=sys.stderr)
    sys.exit(1)' || tui_fail wr "wrapping lost or moved characters"
	tui_keys wr r
	tui_wait_gone wr 'WRAP-END' || fail "r again: still wrapped"
	tui_keys wr Right
	tui_wait_line wr 0 'col 9' || fail "Right: not at col 9"
	tui_until wr "text scrolled by 8 columns" \
	    'tui_screen wr | grep -q "^[ >]01 00:00:03,000 - app.wrap - INFO - LAST-SHORT"'
	i=0
	while [ $i -lt 60 ]; do
		tui_keys wr Right
		i=$((i + 1))
	done
	tui_wait_text wr 'HSCROLL-END' || fail "Right x60: the end of the long line not shown"
	tui_keys wr Left Left Left Left Left Left Left Left Left Left Left Left
	for i in 1 2 3 4 5 6; do
		tui_keys wr Left Left Left Left Left Left Left Left Left Left
	done
	tui_wait_line wr 3 '2026-01-01 00:00:03,000' || fail "Left x72: not back at col 1"
	tui_wait_gone wr 'col ' || fail "Left x72: the title still shows a column"
}

# Narrow panes: the title keeps the name and the follow state, and leaves
# out whole pieces rather than cutting them.
case_narrow_title() {
	fixtures ko.log plain.log
	tui_start na 60 10 ko.log plain.log
	tui_wait_text na ' ko.log ' || fail "ko.log not shown"
	tui_wait_text na ' plain.log ' || fail "plain.log not shown"
	tui_line_has na 0 'FOLLOW' || tui_fail na "FOLLOW left out of a 30-column title"
	tui_line na 0 | grep -Eq '\[[a-z]*( |$)' && tui_fail na "a cut [format] piece: $(tui_line na 0)"
	tui_resize na 24 10
	tui_until na "names in a 12-column title" \
	    'tui_screen na | head -1 | grep -q "ko\.log.*plain\.log"'
	tui_resize na 160 10
	tui_wait_text na '[python]' || fail "160 columns: no [python] in the title"
}

# The SGR state (the escapes since the last reset) in front of the first
# occurrence of a fixed string on the screen (stdin: capture-pane -e).
sgr_at() {
	$PY -c '
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
case_format_colours() {
	fixtures classic.log fmt.log
	tui_start fc 160 10 --view raw classic.log
	tui_wait_text fc 'FMTMSG-2 careful' || fail "classic.log not shown"
	tui_until fc "classic line coloured" "has_colour_sgr fc"
	tui_screen fc -e >classic.screen
	tui_keys fc q
	st=$(tui_wait_exit fc) || tui_fail fc "q did not quit"
	assert_eq "$st" 0 "exit status after q"
	tui_start ff 160 10 --view raw --format '%(levelname)s@%(name)s@%(asctime)s: %(message)s' fmt.log
	tui_wait_text ff 'FMTMSG-2 careful' || fail "fmt.log not shown"
	tui_screen ff -e >fmt.screen
	# The last record's first cell is reversed (the record Enter acts on):
	# its fields are compared from their second character.
	for s in '2026-01-01 00:00:05,000' '026-01-01 00:00:06,000' 'app.db' \
	    'app.web' INFO ARNING 'FMTMSG-1' 'FMTMSG-2'; do
		want=$(sgr_at "$s" <classic.screen) || tui_fail ff "no '$s' in the classic pane"
		got=$(sgr_at "$s" <fmt.screen) || tui_fail ff "no '$s' in the --format pane"
		[ "$got" = "$want" ] || tui_fail ff "'$s' drawn with SGR '$got', auto-detected with '$want'"
	done
	msg=$(sgr_at 'FMTMSG-1' <fmt.screen)
	[ "$(sgr_at '00:00:05,000' <fmt.screen)" != "$msg" ] ||
	    tui_fail ff "the time has the message's colour"
	[ "$(sgr_at 'app.db' <fmt.screen)" != "$msg" ] ||
	    tui_fail ff "the logger has the message's colour"
}

run_case "escapes in a log are shown, not obeyed" case_escape_injection
run_case "Korean lines whole, borders aligned" case_korean
run_case "NO_COLOR and --no-color: attributes only" case_no_color
run_case "every built-in theme loads" case_themes
run_case "a broken theme file: FILE:LINE on the status line" case_broken_theme
run_case "r wraps; Left / Right scroll sideways" case_wrap_and_hscroll
run_case "narrow titles leave out whole pieces" case_narrow_title
run_case "a --format source drawn with its fields' colours" case_format_colours
finish
