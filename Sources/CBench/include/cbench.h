#ifndef CBENCH_H
#define CBENCH_H

// Runs argv[0] (a path) on a new 80x24 pseudo-terminal and reads everything
// it writes there, discarding it, until the program closes the terminal.
// Returns the bytes read, or -1 when the program could not be started.
long long ptyreader_drain(char *const argv[]);

// Appends all of `from` to `to` inside the kernel (copy_file_range), so
// the copy costs the calling process no memory. 0, or an errno value.
int cbench_append_file(int from, int to);

#endif
