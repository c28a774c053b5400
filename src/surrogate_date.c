/*
 * surrogate_date.c: reading the dates that the date rules find
 * (patterns/dates.yaml), and writing them back moved by a number of days
 * (`shift`) or reduced to month and year (`generalize`), in their own
 * format.
 *
 * A date is read into tokens (numbers, words, punctuation), and the
 * tokens into fields: year, month, day, and for ranges ("May 3-17") a
 * second day.  Writing goes over the tokens again and puts the new value
 * in each field, so whatever is not a field (spaces, commas, "of", "the",
 * the apostrophe of '21, the period of "Mar.") stays as it was.
 *
 * Decisions (documented in phiscrub-patterns(5)):
 * - Numbers with "/" or "-" read month first (3/14, 03/14/2021) unless the
 *   first is over 12 (14/03/2021); with "." day first (14.03.2021) unless
 *   the second is over 12.  A four-digit first number reads Y-M-D.
 * - A two-digit year is 20YY below 50, else 19YY (for leap years only; it
 *   is written back with two digits).
 * - A date without a year is taken in 2001 (29 February in 2000), so that
 *   intervals between such dates survive.
 * - A month alone moves as its 15th day would; a year alone as its 2 July.
 * - A day alone ("the 21st"), a holiday ("Christmas 2020"), a range whose
 *   ends fall in different years after the move, and anything else that
 *   does not read, are not dates here (-1): the caller writes the tag.
 */
#include <string.h>

#include "surrogate.h"

#define MAXTOK 24

enum { T_NUM, T_WORD, T_PUNCT, T_SPACE };

struct tok {
	int kind;
	size_t start, end;
	int value;        /* T_NUM */
};

/* Roles of tokens once read. */
enum {
	R_NONE, R_YEAR, R_MONTH_NUM, R_DAY, R_DAY2, R_MONTH_NAME, R_SUFFIX
};

struct date {
	struct tok t[MAXTOK];
	int role[MAXTOK];
	int nt;
	int y, m, d, d2;          /* 0: not given */
	int year_digits;          /* 2 or 4 */
	int pad;                  /* numeric month/day written with 2 digits */
	int month_tok;            /* index, or -1 */
	int month_abbr_len;       /* 0: full name; else letters written */
	int month_case;           /* 'u', 'l' or 'c' */
	int day_first;            /* month name after the day (14th of March) */
};

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static int
lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
tok_is(const char *s, const struct tok *t, const char *word)
{
	size_t n = strlen(word), i;

	if (t->end - t->start != n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower_ascii((unsigned char)s[t->start + i]) != word[i])
			return 0;
	return 1;
}

/* The month (1..12) that word token T names, or 0; *ABBR gets the number
 * of letters when it is an abbreviation (0 for a full name). */
static int
month_of(const char *s, const struct tok *t, int *abbr)
{
	size_t n = t->end - t->start;
	int m;

	for (m = 0; m < 12; m++)
		if (tok_is(s, t, month_names[m])) {
			*abbr = 0;
			return m + 1;
		}
	if (n < 3)
		return 0;
	for (m = 0; m < 12; m++) {
		size_t i;

		if (n > 4 || (n == 4 && m != 8))   /* only "Sept" has four */
			continue;
		for (i = 0; i < n; i++)
			if (lower_ascii((unsigned char)s[t->start + i]) !=
			    month_names[m][i])
				break;
		if (i == n) {
			*abbr = (int)n;
			return m + 1;
		}
	}
	return 0;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && leap(y) ? 29 : dm[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back
 * (H. Hinnant's days_from_civil / civil_from_days). */
static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Splits TEXT into tokens: runs of ASCII digits, runs of ASCII letters,
 * runs of white space, and single characters (a whole UTF-8 sequence for
 * the en dash and the typographic apostrophe). */
static int
tokenize(struct date *dt, const char *s, size_t len)
{
	size_t i = 0;

	dt->nt = 0;
	while (i < len) {
		struct tok *t;
		unsigned char c = (unsigned char)s[i];

		if (dt->nt == MAXTOK)
			return -1;
		t = &dt->t[dt->nt++];
		t->start = i;
		t->value = 0;
		if (is_digit(c)) {
			t->kind = T_NUM;
			while (i < len && is_digit((unsigned char)s[i])) {
				if (i - t->start >= 4)
					return -1;
				t->value = t->value * 10 + (s[i] - '0');
				i++;
			}
		} else if (is_alpha(c)) {
			t->kind = T_WORD;
			while (i < len && is_alpha((unsigned char)s[i]))
				i++;
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			t->kind = T_SPACE;
			while (i < len && (s[i] == ' ' || s[i] == '\t' ||
			    s[i] == '\n' || s[i] == '\r'))
				i++;
		} else {
			t->kind = T_PUNCT;
			if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
			    ((unsigned char)s[i + 2] == 0x93 ||
			    (unsigned char)s[i + 2] == 0x99))
				i += 3;   /* en dash, right single quotation mark */
			else if (c < 0x80)
				i++;
			else
				return -1;
		}
		t->end = i;
	}
	return 0;
}

static int
tok_len(const struct tok *t)
{
	return (int)(t->end - t->start);
}

static int
is_apostrophe(const char *s, const struct tok *t)
{
	return t->kind == T_PUNCT && (s[t->start] == '\'' ||
	    (t->end - t->start == 3 && (unsigned char)s[t->start + 2] == 0x99));
}

static int
word_case(const char *s, const struct tok *t)
{
	size_t i;
	int upper = 0, lower = 0;

	for (i = t->start; i < t->end; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			upper++;
		else
			lower++;
	}
	if (!lower && upper > 1)
		return 'u';
	if (!upper)
		return 'l';
	return 'c';
}

static int
expand_year2(int yy)
{
	return yy < 50 ? 2000 + yy : 1900 + yy;
}

/* Reads a date written with a month name (March 14th, 2021; 14th of
 * March; Mar. 14 '21; May 3-17; June). */
static int
read_named(struct date *dt, const char *s)
{
	int i, ndays = 0, day_tok = -1;

	for (i = 0; i < dt->nt; i++) {
		const struct tok *t = &dt->t[i];

		if (t->kind == T_WORD) {
			int abbr = 0, m;

			if (dt->role[i] == R_SUFFIX)
				continue;
			if ((m = month_of(s, t, &abbr))) {
				if (dt->month_tok >= 0)
					return -1;
				dt->month_tok = i;
				dt->m = m;
				dt->month_abbr_len = abbr;
				dt->month_case = word_case(s, t);
				dt->role[i] = R_MONTH_NAME;
				continue;
			}
			if (!tok_is(s, t, "of") && !tok_is(s, t, "the") &&
			    !tok_is(s, t, "to") && !tok_is(s, t, "through") &&
			    !tok_is(s, t, "thru") && !tok_is(s, t, "and"))
				return -1;
		} else if (t->kind == T_NUM) {
			if (i > 0 && is_apostrophe(s, &dt->t[i - 1]) &&
			    tok_len(t) == 2 && !dt->y) {
				dt->y = expand_year2(t->value);
				dt->year_digits = 2;
				dt->role[i] = R_YEAR;
			} else if (tok_len(t) == 4 && !dt->y && t->value >= 1000) {
				dt->y = t->value;
				dt->year_digits = 4;
				dt->role[i] = R_YEAR;
			} else if (tok_len(t) <= 2 && t->value >= 1 &&
			    t->value <= 31 && ndays < 2) {
				if (ndays++ == 0) {
					dt->d = t->value;
					dt->role[i] = R_DAY;
					day_tok = i;
				} else {
					dt->d2 = t->value;
					dt->role[i] = R_DAY2;
				}
			} else {
				return -1;
			}
		}
	}
	if (dt->month_tok < 0)
		return -1;
	dt->day_first = day_tok >= 0 && day_tok < dt->month_tok;
	if (dt->d2 && dt->d2 <= dt->d)
		return -1;
	return 0;
}

/* Reads an all-numeric date (3/14, 03/14/2021, 14.03.2021, 2021-03-14,
 * 3-14-21) or a year alone. */
static int
read_numeric(struct date *dt, const char *s)
{
	int nums[3], n = 0, i, a, b;
	char sep = 0;

	for (i = 0; i < dt->nt; i++) {
		const struct tok *t = &dt->t[i];

		if (t->kind == T_NUM) {
			if (n == 3)
				return -1;
			nums[n++] = i;
		} else if (t->kind == T_PUNCT && t->end - t->start == 1 &&
		    (s[t->start] == '/' || s[t->start] == '-' ||
		    s[t->start] == '.') && n > 0 && i + 1 < dt->nt &&
		    dt->t[i + 1].kind == T_NUM) {
			if (sep && s[t->start] != sep)
				return -1;
			sep = s[t->start];
		} else {
			return -1;    /* words, spaces: not a numeric date */
		}
	}
	if (n == 1) {
		const struct tok *t = &dt->t[nums[0]];

		if (tok_len(t) != 4 || t->value < 1000)
			return -1;
		dt->y = t->value;
		dt->year_digits = 4;
		dt->role[nums[0]] = R_YEAR;
		return 0;
	}
	if (n < 2)
		return -1;
	if (n == 3 && tok_len(&dt->t[nums[0]]) == 4) {      /* Y-M-D */
		dt->y = dt->t[nums[0]].value;
		dt->year_digits = 4;
		dt->role[nums[0]] = R_YEAR;
		a = nums[1];
		b = nums[2];
		dt->m = dt->t[a].value;
		dt->d = dt->t[b].value;
		dt->role[a] = R_MONTH_NUM;
		dt->role[b] = R_DAY;
	} else {
		int first_is_day;

		a = nums[0];
		b = nums[1];
		if (tok_len(&dt->t[a]) > 2 || tok_len(&dt->t[b]) > 2)
			return -1;
		if (sep == '.')
			first_is_day = dt->t[b].value <= 12;
		else
			first_is_day = dt->t[a].value > 12;
		dt->m = dt->t[first_is_day ? b : a].value;
		dt->d = dt->t[first_is_day ? a : b].value;
		dt->role[first_is_day ? b : a] = R_MONTH_NUM;
		dt->role[first_is_day ? a : b] = R_DAY;
		if (n == 3) {
			const struct tok *t = &dt->t[nums[2]];

			if (tok_len(t) == 2) {
				dt->y = expand_year2(t->value);
				dt->year_digits = 2;
			} else if (tok_len(t) == 4) {
				dt->y = t->value;
				dt->year_digits = 4;
			} else {
				return -1;
			}
			dt->role[nums[2]] = R_YEAR;
		}
	}
	if (dt->d < 1)
		return -1;
	dt->pad = (tok_len(&dt->t[a]) == 2 && s[dt->t[a].start] == '0') ||
	    (tok_len(&dt->t[b]) == 2 && s[dt->t[b].start] == '0');
	return 0;
}

/* Reads TEXT into DT; 0, or -1 when it is not a date this file knows. */
static int
read_date(struct date *dt, const char *s, size_t len)
{
	int i, has_word = 0, ref;

	memset(dt, 0, sizeof(*dt));
	dt->month_tok = -1;
	if (tokenize(dt, s, len) < 0 || dt->nt == 0)
		return -1;
	/* Ordinal suffixes stuck to a number: 14th, 3RD. */
	for (i = 1; i < dt->nt; i++)
		if (dt->t[i].kind == T_WORD && dt->t[i - 1].kind == T_NUM &&
		    (tok_is(s, &dt->t[i], "st") || tok_is(s, &dt->t[i], "nd") ||
		    tok_is(s, &dt->t[i], "rd") || tok_is(s, &dt->t[i], "th")))
			dt->role[i] = R_SUFFIX;
	for (i = 0; i < dt->nt; i++)
		if (dt->t[i].kind == T_WORD && dt->role[i] != R_SUFFIX)
			has_word = 1;
	if (has_word ? read_named(dt, s) < 0 : read_numeric(dt, s) < 0)
		return -1;
	if (dt->m < 0 || dt->m > 12 || (dt->d && !dt->m))
		return -1;
	for (i = 0; i < dt->nt; i++)   /* a suffix on a year: not a date */
		if (dt->role[i] == R_SUFFIX && dt->role[i - 1] != R_DAY &&
		    dt->role[i - 1] != R_DAY2)
			return -1;
	if (dt->d) {
		ref = dt->y ? dt->y : 2000;   /* the most days any year allows */
		if (dt->d > days_in_month(ref, dt->m) ||
		    (dt->d2 && dt->d2 > days_in_month(ref, dt->m)))
			return -1;
	}
	return 0;
}

static const char *
ordinal_suffix(int d)
{
	if (d % 100 >= 11 && d % 100 <= 13)
		return "th";
	switch (d % 10) {
	case 1: return "st";
	case 2: return "nd";
	case 3: return "rd";
	default: return "th";
	}
}

static void
add_cased(struct scrub_buf *out, const char *word, size_t n, int style)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = word[i];

		if (style == 'u' || (style == 'c' && i == 0))
			c = (char)(c - 32 * (c >= 'a' && c <= 'z'));
		scrub_buf_addch(out, c);
	}
}

/* Writes month M as the date wrote its month name. */
static void
add_month_name(struct scrub_buf *out, const struct date *dt, int m)
{
	const char *name = month_names[m - 1];
	size_t n = strlen(name);

	if (dt->month_abbr_len)
		n = dt->month_abbr_len == 4 && m == 9 ? 4 : 3;
	add_cased(out, name, n, dt->month_case);
}

static void
add_suffix(struct scrub_buf *out, const char *s, const struct tok *t, int d)
{
	const char *suf = ordinal_suffix(d);
	int upper = s[t->start] >= 'A' && s[t->start] <= 'Z';

	add_cased(out, suf, 2, upper ? 'u' : 'l');
}

static void
add_num(struct scrub_buf *out, const struct date *dt, int v, int width)
{
	if (width == 2)
		scrub_buf_addf(out, "%02d", v);
	else
		scrub_buf_addf(out, "%d", v);
}

int
scrub_date_shift(const char *text, size_t len, int days,
    struct scrub_buf *out)
{
	struct date dt;
	int y, m, d, y2 = 0, m2 = 0, d2 = 0, i, year_known;
	size_t mark = out->len;

	if (read_date(&dt, text, len) < 0)
		return -1;
	year_known = dt.y != 0;
	if (!dt.y)
		dt.y = dt.m == 2 && dt.d == 29 ? 2000 : 2001;
	if (!dt.m) {                   /* a year alone */
		civil_from_days(days_from_civil(dt.y, 7, 2) + days, &y, &m, &d);
	} else if (!dt.d) {            /* a month alone */
		civil_from_days(days_from_civil(dt.y, dt.m, 15) + days, &y, &m, &d);
	} else {
		civil_from_days(days_from_civil(dt.y, dt.m, dt.d) + days, &y, &m, &d);
		if (dt.d2) {
			civil_from_days(days_from_civil(dt.y, dt.m, dt.d2) + days,
			    &y2, &m2, &d2);
			if (y2 != y && year_known)
				return -1;
		}
	}
	for (i = 0; i < dt.nt; i++) {
		const struct tok *t = &dt.t[i];

		switch (dt.role[i]) {
		case R_YEAR:
			if (dt.year_digits == 2)
				scrub_buf_addf(out, "%02d", ((y % 100) + 100) % 100);
			else if (y < 1000 || y > 9999)
				goto fail;
			else
				scrub_buf_addf(out, "%d", y);
			break;
		case R_MONTH_NUM:
			add_num(out, &dt, m, dt.pad || (tok_len(t) == 2 &&
			    text[t->start] == '0') ? 2 : 1);
			break;
		case R_DAY:
			if (t->kind != T_NUM)
				goto fail;
			add_num(out, &dt, d, dt.pad || (tok_len(t) == 2 &&
			    text[t->start] == '0') ? 2 : 1);
			if (i + 1 < dt.nt && dt.role[i + 1] == R_SUFFIX) {
				add_suffix(out, text, &dt.t[i + 1], d);
				i++;
			}
			/* 30 May-2 June: the first day gets its own month. */
			if (dt.d2 && m2 != m && dt.day_first) {
				scrub_buf_addch(out, ' ');
				add_month_name(out, &dt, m);
			}
			break;
		case R_DAY2:
			/* May 30-June 2: the second day gets its own month. */
			if (m2 != m && !dt.day_first) {
				add_month_name(out, &dt, m2);
				scrub_buf_addch(out, ' ');
			}
			scrub_buf_addf(out, "%d", d2);
			if (i + 1 < dt.nt && dt.role[i + 1] == R_SUFFIX) {
				add_suffix(out, text, &dt.t[i + 1], d2);
				i++;
			}
			break;
		case R_MONTH_NAME:
			add_month_name(out, &dt, dt.d2 && dt.day_first ? m2 : m);
			break;
		default:
			scrub_buf_add(out, text + t->start, t->end - t->start);
			break;
		}
	}
	return 0;
fail:
	scrub_buf_truncate(out, mark);
	return -1;
}

/* The last four-digit number from 1000 to 2999 in TEXT, or 0. */
static int
find_year(const char *s, size_t len)
{
	size_t i = 0;
	int year = 0;

	while (i < len) {
		size_t j = i;

		while (j < len && is_digit((unsigned char)s[j]))
			j++;
		if (j - i == 4 && (i == 0 || !is_alpha((unsigned char)s[i - 1])) &&
		    (j == len || !is_alpha((unsigned char)s[j])) &&
		    (s[i] == '1' || s[i] == '2'))
			year = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 +
			    (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
		i = j > i ? j : i + 1;
	}
	return year;
}

int
scrub_date_generalize(const char *text, size_t len, int year_only,
    struct scrub_buf *out)
{
	struct date dt;

	if (read_date(&dt, text, len) < 0) {
		/* Christmas 2020: the year is all that can be kept. */
		int y = find_year(text, len);

		if (!y)
			return -1;
		scrub_buf_addf(out, "%d", y);
		return 0;
	}
	if (!dt.y && (year_only || !dt.m))
		return -1;
	if (dt.m && !year_only) {
		add_cased(out, month_names[dt.m - 1], strlen(month_names[dt.m - 1]),
		    'c');
		if (dt.y)
			scrub_buf_addch(out, ' ');
	}
	if (dt.y) {
		if (dt.year_digits == 2 && !year_only)
			scrub_buf_addf(out, "'%02d", dt.y % 100);
		else
			scrub_buf_addf(out, "%d", dt.y);
	}
	return 0;
}
