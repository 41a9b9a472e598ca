#ifndef QUAYWATCH_CNCURSESW_SHIM_H
#define QUAYWATCH_CNCURSESW_SHIM_H

/* Wide-character API (cchar_t, setcchar, add_wch, get_wch) is only
   declared when one of these is defined before curses.h. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <wchar.h>
#include <stdio.h>
#include <signal.h>
#include <ncursesw/curses.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <pty.h>

/* Macros and globals do not import into Swift (and globals are errors
   under strict concurrency): wrap them. */
static inline int qw_lines(WINDOW *w) { return getmaxy(w); }
static inline int qw_cols(WINDOW *w) { return getmaxx(w); }
static inline int qw_key_f(int n) { return KEY_F(n); }
static inline int qw_key_resize(void) { return KEY_RESIZE; }
static inline int qw_key_mouse(void) { return KEY_MOUSE; }
static inline int qw_colors(void) { return COLORS; }
static inline int qw_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t qw_a_normal(void) { return WA_NORMAL; }
static inline attr_t qw_a_bold(void) { return WA_BOLD; }
static inline attr_t qw_a_dim(void) { return WA_DIM; }
static inline attr_t qw_a_underline(void) { return WA_UNDERLINE; }
static inline attr_t qw_a_reverse(void) { return WA_REVERSE; }
static inline attr_t qw_a_blink(void) { return WA_BLINK; }
static inline int qw_wcwidth(wchar_t c) { return wcwidth(c); }
static inline int qw_setlocale_all(void) { return setlocale(LC_ALL, "") != NULL; }

/* Put one wide character with attributes and colour pair at (y, x). */
static inline int qw_put_wch(WINDOW *w, int y, int x, const wchar_t *wch, attr_t attrs, short pair) {
    cchar_t c;
    if (setcchar(&c, wch, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(w, y, x, &c);
}

/* Put n one-column wide characters (no combining marks) from (y, x) on,
   all with the same attributes and colour pair: one move and one string
   instead of a move and a cchar_t per cell. When they are all ASCII and
   the pair fits a chtype (0-255) they are copied into the window as they
   are (waddchnstr: no width look-up per character; it does not mend a
   wide character it cuts in half, so the caller redraws both halves, and
   it leaves out the window's background and attributes, which we never
   set); otherwise waddnwstr, with the window's attributes set for it
   and put back to normal afterwards, so qw_put_wch is unaffected. */
static inline int qw_put_run(WINDOW *w, int y, int x, const wchar_t *s, int n, int ascii, attr_t attrs, short pair) {
    enum { room = 512 };
    if (ascii && pair >= 0 && pair <= 255 && n <= room) {
        chtype line[room];
        chtype look = (chtype)(attrs & ~A_COLOR) | (chtype)COLOR_PAIR(pair);
        for (int i = 0; i < n; i++) line[i] = (chtype)s[i] | look;
        if (wmove(w, y, x) == ERR || waddchnstr(w, line, n) == ERR) return ERR;
        /* Leave the cursor where adding the string would have (the next
           cell, or the next row's start), so the update ends as it did. */
        int cols = getmaxx(w), rows = getmaxy(w);
        if (x + n < cols) return wmove(w, y, x + n);
        if (y + 1 < rows) return wmove(w, y + 1, 0);
        (void)wmove(w, y, cols - 1);
        return ERR;
    }
    int r = ERR;
    if (wattr_set(w, attrs, pair, NULL) == OK) r = mvwaddnwstr(w, y, x, s, n);
    (void)wattr_set(w, WA_NORMAL, 0, NULL);
    return r;
}

/* What window w holds at (y, x): the characters (base and marks,
   0-terminated; out holds CCHARW_MAX + 1), the attributes without the
   colour bits, and the colour pair. The window's cursor is left where it
   was (on curscr it is the terminal's). Tests read a frame back with it. */
static inline int qw_get_wch(WINDOW *w, int y, int x, wchar_t *out, attr_t *attrs, short *pair) {
    int cy = getcury(w), cx = getcurx(w), r = ERR;
    cchar_t c;
    if (mvwin_wch(w, y, x, &c) == OK && getcchar(&c, out, attrs, pair, NULL) == OK) {
        *attrs &= ~A_COLOR;
        r = OK;
    }
    (void)wmove(w, cy, cx);
    return r;
}
/* curses's copy of what the terminal shows (after the last doupdate). */
static inline WINDOW *qw_curscr(void) { return curscr; }

/* ---- QuayTerminal: screen, terminfo, mouse, signal-safe flags ---- */

/* newterm on the process's stdout/stdin (the FILE globals do not import
   under strict concurrency); NULL when TERM is unknown. */
static inline SCREEN *qw_newterm(void) { return newterm(NULL, stdout, stdin); }
/* The standard screen of the current SCREEN, read once after newterm. */
static inline WINDOW *qw_stdscr(void) { return stdscr; }

/* tigetstr returns (char *)-1 for "not a string capability": fold it into NULL. */
static inline const char *qw_tigetstr(const char *name) {
    char *s = tigetstr(name);
    return (s == (char *)-1) ? NULL : s;
}

static inline mmask_t qw_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t qw_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t qw_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t qw_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline int qw_key_code_yes(void) { return KEY_CODE_YES; }

/* Volatile loads and stores of flags shared with signal handlers. */
static inline sig_atomic_t qw_flag_load(const volatile sig_atomic_t *f) { return *f; }
static inline void qw_flag_store(volatile sig_atomic_t *f, sig_atomic_t v) { *f = v; }

/* A pseudo terminal pair of the given size (benchmarks and tests draw
   through the real terminal code on it); 0 on success, -1 and errno. */
static inline int qw_openpty(int *master, int *slave, int width, int height) {
    struct winsize ws = { (unsigned short)height, (unsigned short)width, 0, 0 };
    return openpty(master, slave, NULL, NULL, &ws);
}

#endif
