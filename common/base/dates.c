/*
 * dates.c - calendar dates as articles and queries write them (dates.h).
 */
#include "dates.h"

#include <ctype.h>

bool gz_date_is_valid(int y, int m, int d)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

size_t gz_date_parse_iso(const char *s, char out[11])
{
    for (int k = 0; k < 10; k++) {
        int want_dash = k == 4 || k == 7;
        if (want_dash ? s[k] != '-' : !isdigit((unsigned char)s[k]))
            return 0;
    }
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (!gz_date_is_valid(y, m, d))
        return 0;
    for (int k = 0; k < 10; k++)
        out[k] = s[k];
    out[10] = '\0';
    return 10;
}
