/*
 * exe_dir.h - the folder of the running program, for the files that sit
 * beside it or relative to it (the gazetteer, gazette.conf in a source
 * tree).
 */
#ifndef GZ_EXE_DIR_H
#define GZ_EXE_DIR_H

#include <stddef.h>
#include "status.h"

/* The folder, with a trailing '/'.  GZ_ERR_NOT_FOUND when unknown. */
gz_status gz_exe_dir(char *buf, size_t cap);

#endif
