/*
 * test_sanitize.c: the renderer's sanitizer over every byte value in every
 * position, the escape forms, invalid UTF-8, bidi, tabs, wide characters,
 * combining marks, and the output guarantee over random inputs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"

/* An independent strict UTF-8 check: returns the code point count or -1. */
static long
utf8_check(const unsigned char *s, size_t n, int *bad_cp)
{
	size_t		i = 0;
	long		count = 0;

	*bad_cp = 0;
	while (i < n) {
		unsigned char	b = s[i];
		uint32_t	cp;
		size_t		k, need;

		if (b < 0x80) {
			cp = b;
			need = 0;
		} else if ((b & 0xe0) == 0xc0) {
			cp = b & 0x1f;
			need = 1;
		} else if ((b & 0xf0) == 0xe0) {
			cp = b & 0x0f;
			need = 2;
		} else if ((b & 0xf8) == 0xf0) {
			cp = b & 0x07;
			need = 3;
		} else
			return -1;
		for (k = 1; k <= need; k++) {
			if (i + k >= n || (s[i + k] & 0xc0) != 0x80)
				return -1;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		/* overlong, surrogate, out of range */
		if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
		    (need == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return -1;
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
		    cp == 0x061c || cp == 0x200e || cp == 0x200f ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			*bad_cp = 1;
		i += need + 1;
		count++;
	}
	return count;
}

/*
 * Render s[0..n) cell by cell into out (a growing buffer the caller frees),
 * checking every invariant and the output guarantee on the way.
 * Returns the total width.
 */
static size_t
render(const char *s, size_t n, unsigned ts, char **outp)
{
	struct scell	 c;
	size_t		 off = 0, col = 0, k, used = 0, cap = 16 * n + 16;
	char		*out = malloc(cap);
	int		 bad;

	assert_non_null(out);
	while ((k = sanitize_next(s, n, off, (unsigned)col, ts, &c)) != 0) {
		assert_int_equal(k, c.src_len);
		assert_true(c.src_len >= 1);
		assert_true(off + c.src_len <= n);
		assert_int_equal(strlen(c.text), c.len);
		assert_true(c.len >= 1 && c.len < sizeof c.text);
		assert_true(c.width >= 1);
		if (c.escaped) {
			assert_int_equal(c.width, c.len);
		}
		assert_true(used + c.len < cap);
		memcpy(out + used, c.text, c.len);
		used += c.len;
		off += k;
		col += c.width;
	}
	assert_int_equal(off, n);
	out[used] = '\0';
	for (k = 0; k < used; k++)
		assert_true((unsigned char)out[k] >= 0x20 &&
		    (unsigned char)out[k] != 0x7f);
	assert_true(utf8_check((unsigned char *)out, used, &bad) >= 0);
	assert_int_equal(bad, 0);
	assert_int_equal(sanitize_width(s, n, ts), col);
	*outp = out;
	return col;
}

/* Assert that s[0..n) renders as expect with the given width. */
static void
expect_render(const char *s, size_t n, const char *expect, size_t width)
{
	char	*out;
	size_t	 w = render(s, n, 8, &out);

	if (strcmp(out, expect) != 0)
		fail_msg("rendered \"%s\", expected \"%s\"", out, expect);
	assert_int_equal(w, width);
	free(out);
}

#define EXPECT(lit, want, w) expect_render(lit, sizeof lit - 1, want, w)

/* The rendering of one byte alone at column col (tab stop 8). */
static void
byte_form(unsigned b, unsigned col, char *buf)
{
	if (b == '\t')
		snprintf(buf, 16, "%*s", (int)(8 - col % 8), "");
	else if (b < 0x20 || b == 0x7f)
		snprintf(buf, 16, "^%c", (char)(b ^ 0x40));
	else if (b < 0x80)
		snprintf(buf, 16, "%c", (char)b);
	else
		snprintf(buf, 16, "\\x%02x", b);
}

/* Every byte value alone. */
static void
test_every_byte_alone(void **state)
{
	unsigned	b;
	char		s[1], want[16];

	for (b = 0; b < 256; b++) {
		struct scell	c;

		s[0] = (char)b;
		byte_form(b, 0, want);
		expect_render(s, 1, want, strlen(want));
		assert_int_equal(sanitize_next(s, 1, 0, 0, 8, &c), 1);
		assert_int_equal(c.escaped,
		    (b < 0x20 && b != '\t') || b >= 0x7f);
	}
}

/* Every byte value at the start, middle and end of ASCII and Korean text. */
static void
test_every_byte_every_position(void **state)
{
	static const char *const texts[] = { "abc", "\xec\x98\x88\xec\xb8\xa1" /* 예측 */ };
	size_t		t, pos;
	unsigned	b;

	for (t = 0; t < 2; t++) {
		const char	*txt = texts[t];
		size_t		 tl = strlen(txt);
		size_t		 cuts[3] = { 0, t == 0 ? 1 : 3, tl };

		for (pos = 0; pos < 3; pos++) {
			for (b = 0; b < 256; b++) {
				char	 s[16], want[64], form[16];
				char	*pre, *suf;
				size_t	 pw, sw, n;

				memcpy(s, txt, cuts[pos]);
				s[cuts[pos]] = (char)b;
				memcpy(s + cuts[pos] + 1, txt + cuts[pos],
				    tl - cuts[pos]);
				n = tl + 1;
				pw = render(txt, cuts[pos], 8, &pre);
				sw = render(txt + cuts[pos], tl - cuts[pos], 8,
				    &suf);
				byte_form(b, (unsigned)pw, form);
				snprintf(want, sizeof want, "%s%s%s", pre, form,
				    suf);
				/* Suffix widths do not depend on column here. */
				expect_render(s, n, want,
				    pw + strlen(form) + sw);
				free(pre);
				free(suf);
			}
		}
	}
}

/* Caret notation for C0, DEL and ESC. */
static void
test_caret(void **state)
{
	EXPECT("\x00", "^@", 2);
	EXPECT("\x01", "^A", 2);
	EXPECT("\x07", "^G", 2);
	EXPECT("\x0a", "^J", 2);
	EXPECT("\x0d", "^M", 2);
	EXPECT("\x1b", "^[", 2);
	EXPECT("\x1c", "^\\", 2);
	EXPECT("\x1f", "^_", 2);
	EXPECT("\x7f", "^?", 2);
	EXPECT("\x1b]0;pwned\x07", "^[]0;pwned^G", 12);
	EXPECT("\x1b[2J", "^[[2J", 5);
}

/* C1 controls, raw bytes and UTF-8 encoded. */
static void
test_c1(void **state)
{
	struct scell	c;

	EXPECT("\x9b", "\\x9b", 4);
	EXPECT("\x80", "\\x80", 4);
	EXPECT("\x9f", "\\x9f", 4);
	EXPECT("\xc2\x9b", "\\x9b", 4);
	EXPECT("\xc2\x85", "\\x85", 4);
	EXPECT("\xc2\x80", "\\x80", 4);
	EXPECT("\xc2\x9f" "31m", "\\x9f31m", 7);
	assert_int_equal(sanitize_next("\xc2\x9b", 2, 0, 0, 8, &c), 2);
	assert_int_equal(c.escaped, 1);
	/* U+00A0 is the first printable after C1. */
	EXPECT("\xc2\xa0", "\xc2\xa0", 1);
}

/* Invalid UTF-8: one \xNN per byte. */
static void
test_invalid_utf8(void **state)
{
	EXPECT("\xc0\x80", "\\xc0\\x80", 8);			/* overlong NUL */
	EXPECT("\xc1\xbf", "\\xc1\\xbf", 8);			/* overlong */
	EXPECT("\xe0\x80\xaf", "\\xe0\\x80\\xaf", 12);		/* overlong / */
	EXPECT("\xf0\x82\x82\xac", "\\xf0\\x82\\x82\\xac", 16);	/* overlong */
	EXPECT("\xed\xa0\x80", "\\xed\\xa0\\x80", 12);		/* surrogate */
	EXPECT("\xed\xbf\xbf", "\\xed\\xbf\\xbf", 12);		/* surrogate */
	EXPECT("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80", 16);	/* > U+10FFFF */
	EXPECT("\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80", 16);
	EXPECT("\xff\xfe", "\\xff\\xfe", 8);
	EXPECT("a\xe2\x82", "a\\xe2\\x82", 9);			/* truncated at end */
	EXPECT("\xe2\x82" "b", "\\xe2\\x82b", 9);		/* truncated, then ASCII */
	EXPECT("\xe2\x82\xe2\x82\xac", "\\xe2\\x82\xe2\x82\xac", 9); /* then € */
	EXPECT("\xa9", "\\xa9", 4);				/* stray continuation */
	EXPECT("\xf0\x9f\x98", "\\xf0\\x9f\\x98", 12);
	/* Valid extremes stay. */
	EXPECT("\xed\x9e\xa3", "\xed\x9e\xa3", 2);		/* U+D7A3 */
	EXPECT("\xee\x80\x80", "\xee\x80\x80", 1);		/* U+E000 */
}

/* Bidi controls and other unprintable code points as <U+XXXX>. */
static void
test_bidi_and_unprintable(void **state)
{
	EXPECT("\xe2\x80\xae", "<U+202E>", 8);
	EXPECT("\xe2\x80\xaa", "<U+202A>", 8);
	EXPECT("\xe2\x81\xa6", "<U+2066>", 8);
	EXPECT("\xe2\x81\xa9", "<U+2069>", 8);
	EXPECT("\xe2\x80\x8e", "<U+200E>", 8);
	EXPECT("\xe2\x80\x8f", "<U+200F>", 8);
	EXPECT("\xd8\x9c", "<U+061C>", 8);
	/* A bidi override after a base is not folded into it. */
	EXPECT("a\xe2\x80\xae" "b", "a<U+202E>b", 10);
	EXPECT("\xe2\x80\xa8", "<U+2028>", 8);		/* line separator */
	EXPECT("\xcd\xb8", "<U+0378>", 8);		/* unassigned */
	EXPECT("\xf4\x8f\xbf\xbf", "<U+10FFFF>", 10);
	EXPECT("\xef\xbf\xbe", "<U+FFFE>", 8);
}

/* Tab expansion at various columns and tab stops. */
static void
test_tabs(void **state)
{
	struct scell	c;

	assert_int_equal(sanitize_next("\t", 1, 0, 0, 8, &c), 1);
	assert_int_equal(c.width, 8);
	assert_string_equal(c.text, "        ");
	assert_int_equal(c.escaped, 0);
	sanitize_next("\t", 1, 0, 3, 8, &c);
	assert_int_equal(c.width, 5);
	assert_string_equal(c.text, "     ");
	sanitize_next("\t", 1, 0, 7, 8, &c);
	assert_int_equal(c.width, 1);
	sanitize_next("\t", 1, 0, 8, 8, &c);
	assert_int_equal(c.width, 8);
	sanitize_next("\t", 1, 0, 13, 4, &c);
	assert_int_equal(c.width, 3);
	sanitize_next("\t", 1, 0, 5, 0, &c);		/* 0 means 8 */
	assert_int_equal(c.width, 3);
	sanitize_next("\t", 1, 0, 0, 100, &c);		/* clamped */
	assert_int_equal(c.width, SANITIZE_TAB_MAX);
	assert_int_equal(c.len, SANITIZE_TAB_MAX);
	sanitize_next("\t", 1, 0, 0, 1, &c);
	assert_int_equal(c.width, 1);

	assert_int_equal(sanitize_width("a\tb", 3, 8), 9);
	assert_int_equal(sanitize_width("abcdefgh\t", 9, 8), 16);
	assert_int_equal(sanitize_width("\t\t", 2, 4), 8);
	/* A wide character before a tab moves the stop correctly. */
	assert_int_equal(sanitize_width("\xec\x98\x88\t|", 5, 8), 9);
	EXPECT("ab\tc", "ab      c", 9);
	EXPECT("\x1b\t", "^[      ", 8);
}

/* Korean keeps every character, two columns each. */
static void
test_korean(void **state)
{
	const char	*s = "예측 실패: 입력 피처 누락";
	size_t		 n = strlen(s), off = 0, col = 0, k, hangul = 0;
	struct scell	 c;
	char		*out;

	while ((k = sanitize_next(s, n, off, (unsigned)col, 8, &c)) != 0) {
		assert_int_equal(c.escaped, 0);
		assert_memory_equal(c.text, s + off, k);
		assert_int_equal(c.len, k);
		if ((unsigned char)s[off] >= 0x80) {
			assert_int_equal(k, 3);
			assert_int_equal(c.width, 2);
			hangul++;
		} else
			assert_int_equal(c.width, 1);
		off += k;
		col += c.width;
	}
	assert_int_equal(hangul, 10);
	assert_int_equal(col, 10 * 2 + 5);	/* 4 spaces and a colon */
	assert_int_equal(render(s, n, 8, &out), 25);
	assert_string_equal(out, s);
	free(out);

	EXPECT("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80", 2);	/* emoji */
	EXPECT("\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad\xe6\x96\x87", 4);
}

/* Combining marks stay with their base. */
static void
test_combining(void **state)
{
	struct scell	c;
	char		s[64];
	size_t		n, i;

	assert_int_equal(sanitize_next("e\xcc\x81x", 4, 0, 0, 8, &c), 3);
	assert_int_equal(c.width, 1);
	assert_int_equal(c.len, 3);
	assert_string_equal(c.text, "e\xcc\x81");
	assert_int_equal(c.escaped, 0);
	EXPECT("e\xcc\x81", "e\xcc\x81", 1);
	EXPECT("e\xcc\x81\xcc\xa3", "e\xcc\x81\xcc\xa3", 1);
	/* Hangul base with a combining mark. */
	EXPECT("\xec\x98\x88\xcc\x81", "\xec\x98\x88\xcc\x81", 2);
	/* No base: escaped. */
	EXPECT("\xcc\x81", "<U+0301>", 8);
	EXPECT("\t\xcc\x81", "        <U+0301>", 16);
	EXPECT("\x1b\xcc\x81", "^[<U+0301>", 10);
	/* Too many marks for one cell: the rest are escaped. */
	s[0] = 'e';
	n = 1;
	for (i = 0; i < 9; i++) {
		s[n++] = '\xcc';
		s[n++] = '\x81';
	}
	assert_int_equal(sanitize_next(s, n, 0, 0, 8, &c), 15);
	assert_int_equal(c.len, 15);
	assert_int_equal(c.width, 1);
	EXPECT("e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81"
	    "\xcc\x81\xcc\x81",
	    "e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81"
	    "<U+0301><U+0301>", 17);
}

/* sanitize_str: never cuts a wide character, an escape or a character. */
static void
test_str(void **state)
{
	const char	*k = "예측실패";
	char		 out[64];
	size_t		 w;

	w = sanitize_str(k, strlen(k), 5, out, sizeof out);
	assert_int_equal(w, 4);
	assert_string_equal(out, "예측");
	w = sanitize_str(k, strlen(k), 3, out, sizeof out);
	assert_int_equal(w, 2);
	assert_string_equal(out, "예");
	w = sanitize_str(k, strlen(k), 1, out, sizeof out);
	assert_int_equal(w, 0);
	assert_string_equal(out, "");
	w = sanitize_str(k, strlen(k), 100, out, sizeof out);
	assert_int_equal(w, 8);
	assert_string_equal(out, k);
	/* Output size: never a partial character. */
	w = sanitize_str(k, strlen(k), 100, out, 6);
	assert_int_equal(w, 2);
	assert_string_equal(out, "예");
	/* Escapes are never cut. */
	w = sanitize_str("\x1b[2J", 4, 3, out, sizeof out);
	assert_int_equal(w, 3);
	assert_string_equal(out, "^[[");
	w = sanitize_str("\x1b[2J", 4, 1, out, sizeof out);
	assert_int_equal(w, 0);
	assert_string_equal(out, "");
	w = sanitize_str("a\x9b", 2, 4, out, sizeof out);
	assert_int_equal(w, 1);
	assert_string_equal(out, "a");
	w = sanitize_str("a\x9b", 2, 5, out, sizeof out);
	assert_string_equal(out, "a\\x9b");
	/* Odd widths with a mix. */
	w = sanitize_str("a예b측c", strlen("a예b측c"), 4, out, sizeof out);
	assert_int_equal(w, 4);
	assert_string_equal(out, "a예b");
	w = sanitize_str("a예b측c", strlen("a예b측c"), 5, out, sizeof out);
	assert_int_equal(w, 4);
	assert_string_equal(out, "a예b");
	/* outsz 0 and 1. */
	out[0] = 'X';
	assert_int_equal(sanitize_str("abc", 3, 10, out, 0), 0);
	assert_int_equal(out[0], 'X');
	assert_int_equal(sanitize_str("abc", 3, 10, out, 1), 0);
	assert_string_equal(out, "");
	/* Empty and NULL input. */
	assert_int_equal(sanitize_str(NULL, 0, 10, out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(sanitize_width(NULL, 0, 8), 0);
}

/* sanitize_str over odd maxcols never exceeds them nor cuts a character. */
static void
test_str_widths(void **state)
{
	const char	*s = "x예\t\x1b측 \xcc\x81\xff실패\xe2\x80\xae!";
	size_t		 n = strlen(s);
	unsigned	 m;

	for (m = 0; m < 60; m++) {
		char	out[128], *full;
		size_t	w = sanitize_str(s, n, m, out, sizeof out);
		int	bad;

		assert_true(w <= m);
		assert_int_equal(strlen(out) > 0 || w == 0, 1);
		assert_true(utf8_check((unsigned char *)out, strlen(out),
		    &bad) >= 0);
		assert_int_equal(bad, 0);
		/* It is a prefix of the full rendering. */
		render(s, n, 8, &full);
		assert_memory_equal(out, full, strlen(out));
		free(full);
	}
}

/* A tiny deterministic PRNG. */
static uint32_t
rnd(uint32_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 17;
	*st ^= *st << 5;
	return *st;
}

/* The output guarantee over random inputs built from tricky pieces. */
static void
test_random_guarantee(void **state)
{
	static const char *const pieces[] = {
		"\xec\x98\x88", "\xcc\x81", "\xc2\x9b", "\xe2\x80\xae",
		"\xf0\x9f\x98\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xe2\x82", "\xc0\x80", "\x1b[31m", "\t", "\xef\xbb\xbf",
		"\xe2\x80\x8d", "\xd8\x9c", "\xcd\xb8", "\xf4\x8f\xbf\xbf",
	};
	uint32_t	st = 0x2545f491;
	int		iter;

	for (iter = 0; iter < 20000; iter++) {
		char	 s[256], *out;
		size_t	 n = 0, len = rnd(&st) % 48;
		unsigned ts = rnd(&st) % 20;

		while (n < len) {
			if (rnd(&st) % 2) {
				s[n++] = (char)(rnd(&st) & 0xff);
			} else {
				const char	*p = pieces[rnd(&st) % 16];
				size_t		 pl = strlen(p);

				memcpy(s + n, p, pl);
				n += pl;
			}
		}
		render(s, n, ts, &out);
		free(out);
	}
}

/* File names for stderr, quoted as GNU tail quotes them. */
static void
test_quote(void **state)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "app.log", "app.log" },
		{ "/var/log/a-b_c,d:e@f%g+h=i.log", "/var/log/a-b_c,d:e@f%g+h=i.log" },
		{ "caf\xc3\xa9.log", "caf\xc3\xa9.log" },
		{ "a b", "'a b'" },
		{ "", "''" },
		{ "it's", "'it'\\''s'" },
		{ "a\nb", "'a'$'\\n''b'" },
		{ "\033[2J", "$'\\033''[2J'" },
		{ "x\t", "'x'$'\\t'" },
		{ "bad\xff", "'bad'$'\\377'" },
		{ "c1\xc2\x9b", "'c1'$'\\302'$'\\233'" },
		{ "rlo\xe2\x80\xae", "'rlo'$'\\342'$'\\200'$'\\256'" },
	};
	size_t	 i;
	char	*q;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		q = sanitize_quote(cases[i].in);
		assert_string_equal(q, cases[i].out);
		free(q);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte_alone),
		cmocka_unit_test(test_every_byte_every_position),
		cmocka_unit_test(test_caret),
		cmocka_unit_test(test_c1),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_bidi_and_unprintable),
		cmocka_unit_test(test_tabs),
		cmocka_unit_test(test_korean),
		cmocka_unit_test(test_combining),
		cmocka_unit_test(test_str),
		cmocka_unit_test(test_str_widths),
		cmocka_unit_test(test_random_guarantee),
		cmocka_unit_test(test_quote),
	};

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL) {
		fprintf(stderr, "test_sanitize: no UTF-8 locale\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
