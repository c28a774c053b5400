/*
 * validate.c: check digits and range checks that tell an identifier from a
 * number that only looks like one (see `validate:` in phiscrub-patterns(5)).
 */
#include <ctype.h>
#include <string.h>

#include "ruleset_int.h"

static const char *const validator_names[SCRUB_V_COUNT] = {
	"none", "luhn", "ssn", "nhs", "vin", "nanp", "ipv4", "date", "iban",
	"phone",
};

int
scrub_validator_from_name(const char *name)
{
	int i;

	for (i = 0; i < SCRUB_V_COUNT; i++)
		if (strcmp(name, validator_names[i]) == 0)
			return i;
	return -1;
}

/* The digits of S, at most CAP; returns how many. */
static size_t
digits_of(const char *s, size_t len, char *out, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; i < len && n < cap; i++)
		if (s[i] >= '0' && s[i] <= '9')
			out[n++] = s[i];
	return n;
}

static int
luhn(const char *d, size_t n)
{
	int sum = 0, dbl = 0;
	size_t i;

	for (i = n; i-- > 0;) {
		int v = d[i] - '0';

		if (dbl && (v *= 2) > 9)
			v -= 9;
		sum += v;
		dbl = !dbl;
	}
	return n >= 8 && sum % 10 == 0;
}

static int
ssn(const char *d, size_t n)
{
	int area, group, serial;

	if (n != 9)
		return 0;
	area = (d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0');
	group = (d[3] - '0') * 10 + (d[4] - '0');
	serial = (d[5] - '0') * 1000 + (d[6] - '0') * 100 + (d[7] - '0') * 10 +
	    (d[8] - '0');
	return area != 0 && area != 666 && area < 900 && group != 0 &&
	    serial != 0;
}

static int
nhs(const char *d, size_t n)
{
	int sum = 0, check;
	size_t i;

	if (n != 10)
		return 0;
	for (i = 0; i < 9; i++)
		sum += (d[i] - '0') * (int)(10 - i);
	check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	return check != 10 && check == d[9] - '0';
}

static int
vin_value(char c)
{
	static const char *const letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
	static const int values[] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9,
	    2, 3, 4, 5, 6, 7, 8, 9};
	const char *p;

	if (c >= '0' && c <= '9')
		return c - '0';
	p = strchr(letters, toupper((unsigned char)c));
	return p && *p ? values[p - letters] : -1;
}

static int
vin(const char *s, size_t len)
{
	static const int weight[17] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6,
	    5, 4, 3, 2};
	int sum = 0, check;
	size_t i;

	if (len != 17)
		return 0;
	for (i = 0; i < 17; i++) {
		int v = vin_value(s[i]);

		if (v < 0)
			return 0;
		sum += v * weight[i];
	}
	check = sum % 11;
	return check == 10 ? toupper((unsigned char)s[8]) == 'X' :
	    s[8] == '0' + check;
}

static int
nanp(const char *d, size_t n)
{
	if (n >= 11 && d[0] == '1') {
		d++;
		n--;
	}
	if (n < 10)
		return 0;
	/* Area code and exchange start with 2..9; N11 area codes are not
	 * assigned to numbers. */
	return d[0] >= '2' && d[3] >= '2' && !(d[1] == '1' && d[2] == '1');
}

static int
ipv4(const char *s, size_t len)
{
	int parts = 0, val = -1;
	size_t i;

	for (i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (val < 0 || val > 255)
				return 0;
			parts++;
			val = -1;
		} else if (s[i] >= '0' && s[i] <= '9') {
			val = (val < 0 ? 0 : val * 10) + (s[i] - '0');
			if (val > 255)
				return 0;
		} else {
			return 0;
		}
	}
	return parts == 4;
}

/* A date written with numbers: at least one pair reads as month/day or
 * day/month, and no part is impossible. */
static int
date_ok(const char *s, size_t len)
{
	int parts[3] = {-1, -1, -1}, widths[3] = {0, 0, 0}, np = 0;
	size_t i;

	for (i = 0; i < len && np < 3; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (parts[np] < 0)
				parts[np] = 0;
			if (parts[np] > 100000)
				return 0;
			parts[np] = parts[np] * 10 + (s[i] - '0');
			widths[np]++;
		} else if (parts[np] >= 0) {
			np++;
		}
	}
	if (np < 3 && parts[np] >= 0)
		np++;
	if (np < 2)
		return 0;
	if (widths[0] == 4) /* 2021-03-14 */
		return parts[1] >= 1 && parts[1] <= 12 && np == 3 &&
		    parts[2] >= 1 && parts[2] <= 31;
	/* M/D or D/M, then an optional year. */
	if (parts[0] < 1 || parts[1] < 1 || parts[0] > 31 || parts[1] > 31)
		return 0;
	if (parts[0] > 12 && parts[1] > 12)
		return 0;
	if (np == 3 && widths[2] != 2 && widths[2] != 4)
		return 0;
	return 1;
}

static int
iban(const char *s, size_t len)
{
	char buf[64];
	size_t i, n = 0;
	int rem = 0;

	for (i = 0; i < len; i++)
		if (isalnum((unsigned char)s[i])) {
			if (n >= sizeof(buf))
				return 0;
			buf[n++] = (char)toupper((unsigned char)s[i]);
		}
	if (n < 15)
		return 0;
	for (i = 0; i < n; i++) {
		char c = buf[(i + 4) % n];

		if (c >= '0' && c <= '9')
			rem = (rem * 10 + (c - '0')) % 97;
		else if (c >= 'A' && c <= 'Z')
			rem = (rem * 100 + (c - 'A' + 10)) % 97;
		else
			return 0;
	}
	return rem == 1;
}

/* Digits in groups that read as a phone number: 7 to 15 digits, and not
 * a run of years or a short list of counts. */
static int
phone_ok(const char *s, size_t len)
{
	size_t i = 0, digits = 0, groups = 0, years = 0;

	while (i < len) {
		size_t j = i;

		while (j < len && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j > i) {
			groups++;
			digits += j - i;
			if (j - i == 4 && (s[i] == '1' || s[i] == '2') &&
			    (s[i + 1] == '9' || s[i + 1] == '0'))
				years++;
			i = j;
		} else {
			i++;
		}
	}
	return digits >= 7 && digits <= 15 && years * 2 < groups;
}

int
scrub_validate(int validator, const char *s, size_t len)
{
	char d[64];
	size_t n;

	switch (validator) {
	case SCRUB_V_NONE:
		return 1;
	case SCRUB_V_LUHN:
		n = digits_of(s, len, d, sizeof(d));
		return n <= 19 && luhn(d, n);
	case SCRUB_V_SSN:
		n = digits_of(s, len, d, sizeof(d));
		return ssn(d, n);
	case SCRUB_V_NHS:
		n = digits_of(s, len, d, sizeof(d));
		return nhs(d, n);
	case SCRUB_V_VIN:
		return vin(s, len);
	case SCRUB_V_NANP:
		n = digits_of(s, len, d, sizeof(d));
		return nanp(d, n);
	case SCRUB_V_IPV4:
		return ipv4(s, len);
	case SCRUB_V_DATE:
		return date_ok(s, len);
	case SCRUB_V_IBAN:
		return iban(s, len);
	case SCRUB_V_PHONE:
		return phone_ok(s, len);
	default:
		return 0;
	}
}
