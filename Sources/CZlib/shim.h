#ifndef QUAYWATCH_CZLIB_SHIM_H
#define QUAYWATCH_CZLIB_SHIM_H

/* The system zlib (zlib1g-dev): gzip-compressed history files are read
   through gzread, which also handles files of several gzip members. */
#include <zlib.h>

#endif
