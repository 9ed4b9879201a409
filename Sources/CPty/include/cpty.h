#ifndef CPTY_H
#define CPTY_H
// Pseudo-terminal helpers Swift's Glibc module hides behind _GNU_SOURCE.
int cpty_placeholder(void);
#endif
