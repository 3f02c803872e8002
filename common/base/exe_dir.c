/*
 * exe_dir.c - the folder of the running program (exe_dir.h).
 */
#include "exe_dir.h"

#include <string.h>
#include <unistd.h>

gz_status gz_exe_dir(char *buf, size_t cap)
{
    if (cap < 2)
        return GZ_ERR_NOT_FOUND;
    ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
    if (n <= 0)
        return GZ_ERR_NOT_FOUND;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return GZ_ERR_NOT_FOUND;
    slash[1] = '\0';
    return GZ_OK;
}
