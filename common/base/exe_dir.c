/*
 * exe_dir.c - the folder of the running program (exe_dir.h).
 */
#include "exe_dir.h"

#include <string.h>
#include <unistd.h>

int gz_exe_dir(char *buf, size_t cap)
{
    if (cap < 2)
        return -1;
    ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return -1;
    slash[1] = '\0';
    return 0;
}
