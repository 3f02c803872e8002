/*
 * exe_dir.h - the folder of the running program, for the files that sit
 * beside it or relative to it (the gazetteer, gazette.conf in a source
 * tree).
 */
#ifndef GZ_EXE_DIR_H
#define GZ_EXE_DIR_H

#include <stddef.h>

/* The folder, with a trailing '/'.  0, or -1 when unknown. */
int gz_exe_dir(char *buf, size_t cap);

#endif
