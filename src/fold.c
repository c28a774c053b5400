#include "fold.h"

#include <string.h>
#include <utf8proc.h>

int
scrub_utf8_decode(const unsigned char *s, size_t len, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n;

	if (len && s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	n = utf8proc_iterate(s, (utf8proc_ssize_t)(len > 4 ? 4 : len), &c);
	if (n <= 0 || c < 0) {
		*cp = -1;
		return -1;
	}
	*cp = c;
	return (int)n;
}

int
scrub_is_ignorable_cp(int32_t cp)
{
	return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) ||
	    (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF;
}

int
scrub_is_letter_cp(int32_t cp)
{
	if (cp < 0x80)
		return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return 1;
	default:
		return 0;
	}
}

int
scrub_is_word_cp(int32_t cp)
{
	if (cp < 0x80)
		return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ||
		    (cp >= '0' && cp <= '9');
	if (scrub_is_ignorable_cp(cp))
		return 1;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ND:
		return 1;
	default:
		return 0;
	}
}

int
scrub_is_upper_cp(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU ||
	    utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

int
scrub_is_lower_cp(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* Cyrillic and Greek letters that are drawn like Latin ones ("Jоhn" with a
 * Cyrillic o reads as John), after case folding. */
static int32_t
unconfuse(int32_t cp)
{
	switch (cp) {
	case 0x0430: return 'a';
	case 0x0435: return 'e';
	case 0x043E: return 'o';
	case 0x0440: return 'p';
	case 0x0441: return 'c';
	case 0x0443: return 'y';
	case 0x0445: return 'x';
	case 0x0456: return 'i';
	case 0x0458: return 'j';
	case 0x0455: return 's';
	case 0x04BB: return 'h';
	case 0x03BF: return 'o';
	case 0x03B1: return 'a';
	case 0x03B9: return 'i';
	case 0x03BD: return 'v';
	case 0x0142: return 'l'; /* ł has no decomposition; Łukasz ~ Lukasz */
	case 0x00F8: return 'o';
	case 0x0111: return 'd';
	case 0x00DF: return 's';
	case 0x2018: case 0x2019: case 0x02BC: case 0x0060: case 0x00B4:
		return '\'';
	case 0x2010: case 0x2011: case 0x2012: case 0x2013:
		return '-';
	default: return cp;
	}
}

static int
put_char(char *out, size_t cap, size_t *n, int32_t cp)
{
	utf8proc_uint8_t tmp[4];
	utf8proc_ssize_t k = utf8proc_encode_char(cp, tmp);

	if (k <= 0 || *n + (size_t)k + 1 > cap)
		return -1;
	memcpy(out + *n, tmp, (size_t)k);
	*n += (size_t)k;
	return 0;
}

int
scrub_fold(const char *s, size_t len, char *out, size_t cap)
{
	utf8proc_int32_t cps[SCRUB_FOLD_MAX];
	size_t i, n = 0;
	int space = 0, ascii = 1;

	if (!cap)
		return -1;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80) {
			ascii = 0;
			break;
		}
	if (ascii) {
		/* The common case, without utf8proc. */
		for (i = 0; i < len; i++) {
			unsigned char c = (unsigned char)s[i];

			if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
				c |= 0x20;
			else if (!(c >= '0' && c <= '9') && c != '\'' && c != '-') {
				space = n > 0;
				continue;
			}
			if (space) {
				if (n + 2 > cap)
					return -1;
				out[n++] = ' ';
				space = 0;
			}
			if (n + 2 > cap)
				return -1;
			out[n++] = (char)c;
		}
		out[n] = '\0';
		return n ? (int)n : -1;
	}

	i = 0;
	while (i < len) {
		int32_t cp;
		int k = scrub_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		utf8proc_ssize_t m, j;
		int last_class = 0;

		if (k < 0)
			return -1;
		i += (size_t)k;
		cp = unconfuse(cp);
		m = utf8proc_decompose_char(cp, cps, SCRUB_FOLD_MAX,
		    UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
		    UTF8PROC_STRIPMARK | UTF8PROC_IGNORE, &last_class);
		if (m < 0 || m > SCRUB_FOLD_MAX)
			return -1;
		for (j = 0; j < m; j++) {
			int32_t c = unconfuse(cps[j]);

			if (!scrub_is_word_cp(c) && c != '\'' && c != '-') {
				space = n > 0;
				continue;
			}
			if (scrub_is_ignorable_cp(c))
				continue;
			if (space) {
				if (put_char(out, cap, &n, ' ') < 0)
					return -1;
				space = 0;
			}
			if (put_char(out, cap, &n, c) < 0)
				return -1;
		}
	}
	out[n] = '\0';
	return n ? (int)n : -1;
}
