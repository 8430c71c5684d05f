/* test_mode.c: the TUI's mode table (tui/mode.c) is complete and consistent. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "tui/mode.h"

/* Every mode of enum app_mode has a row whose flags its functions can serve. */
static void
test_table(void **state)
{
	static const enum app_mode all[] = { MODE_PANES, MODE_PROMPT,
	    MODE_TREE, MODE_HELP, MODE_DASHBOARD };
	const struct mode	*m;
	size_t			 i, j;
	int			 where;

	(void)state;
	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		m = mode_get(all[i]);
		assert_non_null(m->name);
		/* At most one place to draw; each place needs a draw function. */
		where = !!(m->flags & MODE_FULL) + !!(m->flags & MODE_SIDE) +
		    !!(m->flags & MODE_STATUS);
		assert_true(where <= 1);
		if (where == 1)
			assert_non_null(m->draw);
		if (m->flags & MODE_HINTS)
			assert_true(m->flags & MODE_FULL);
		if (m->flags & MODE_OWN_KEYS)
			assert_non_null(m->key);
		/* Names tell modes apart. */
		for (j = 0; j < i; j++)
			assert_string_not_equal(m->name, mode_get(all[j])->name);
	}
	/* The panes are the mode without a mode: no draw, no key of their own. */
	m = mode_get(MODE_PANES);
	assert_null(m->draw);
	assert_null(m->key);
	assert_int_equal(m->flags, 0);
	/* The prompt gets every key; the tree shares the screen with a pane. */
	assert_true(mode_get(MODE_PROMPT)->flags & MODE_OWN_KEYS);
	assert_true(mode_get(MODE_TREE)->flags & MODE_SIDE);
	assert_true(mode_get(MODE_HELP)->flags & MODE_FULL);
	/* The modes that keep state free it; the dashboard asks for frames. */
	assert_non_null(mode_get(MODE_PROMPT)->free);
	assert_non_null(mode_get(MODE_TREE)->free);
	assert_non_null(mode_get(MODE_DASHBOARD)->free);
	assert_non_null(mode_get(MODE_DASHBOARD)->timeout);
	assert_null(mode_get(MODE_PANES)->timeout);
	/* A value out of range is the panes, never past the table. */
	assert_ptr_equal(mode_get((enum app_mode)99), mode_get(MODE_PANES));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
