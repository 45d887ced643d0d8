/*
 * libjsuper-stamp: the copy loop of time_format (per-line timestamps), for jsuperd's output thread.
 *
 *   int64_t jsuper_stamp_lines(uint64_t in, uint64_t in_len, uint64_t out, uint64_t out_cap,
 *                              uint64_t prefix, uint64_t prefix_len, uint64_t ctl);
 *
 * Copies the in_len bytes at in to out, with the prefix_len bytes at prefix before every line start, and
 * stops when the input is used up or the next piece does not fit into out_cap bytes. A line that does not
 * fit is copied as far as it fits (its rest follows in the next call, without a prefix); a prefix is only
 * written together with at least one byte of its line. ctl points at two int64: ctl[0] is 1 when in[0]
 * starts a line (in) and 1 when the byte after the last one consumed starts a line (out); ctl[1] is set to
 * the bytes consumed. Returns the bytes written to out. Addresses come as integers (JNA direct mapping of
 * Java longs); the caller owns all the memory and guarantees the ranges.
 *
 * Why in C: jsuperd runs the JVM's C1 compiler only, whose best one-pass loop (32 bytes per step, SWAR
 * newline test) costs 0.25 CPU-s per GiB of 100-byte lines once compiled, and more while the first reads
 * still run in the interpreter. glibc's memchr and memcpy (SSE2/AVX2, picked for the CPU at load time)
 * do the same in about 0.1.
 *
 * Build: cc -O2 -shared -fPIC -Wall -Wextra -Werror (see supervisord/pom.xml). Needs only libc.
 */
#include <stdint.h>
#include <string.h>

int64_t jsuper_stamp_lines(uint64_t in, uint64_t in_len, uint64_t out, uint64_t out_cap, uint64_t prefix,
                           uint64_t prefix_len, uint64_t ctl);

int64_t jsuper_stamp_lines(uint64_t in, uint64_t in_len, uint64_t out, uint64_t out_cap, uint64_t prefix,
                           uint64_t prefix_len, uint64_t ctl) {
    const uint8_t *src = (const uint8_t *) (uintptr_t) in;
    uint8_t *dst = (uint8_t *) (uintptr_t) out;
    const uint8_t *pre = (const uint8_t *) (uintptr_t) prefix;
    int64_t *state = (int64_t *) (uintptr_t) ctl;
    int line_start = state[0] != 0;
    size_t i = 0;
    size_t o = 0;
    while (i < in_len) {
        if (line_start) {
            if (out_cap - o <= prefix_len) {
                break; /* no room for the prefix and a byte of its line */
            }
            memcpy(dst + o, pre, prefix_len);
            o += prefix_len;
            line_start = 0;
        }
        const uint8_t *newline = memchr(src + i, '\n', in_len - i);
        size_t piece = newline != NULL ? (size_t) (newline - src) + 1 - i : in_len - i;
        if (piece > out_cap - o) {
            piece = out_cap - o; /* the rest of this line goes into the next call's output */
            memcpy(dst + o, src + i, piece);
            o += piece;
            i += piece;
            break;
        }
        memcpy(dst + o, src + i, piece);
        o += piece;
        i += piece;
        line_start = newline != NULL;
    }
    state[0] = line_start;
    state[1] = (int64_t) i;
    return (int64_t) o;
}
