#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256's 64 round constants (FIPS 180-4, 4.2.2), for both compressions.
extern const uint32_t qbsync_sha256_round_constants[64];

/// Whether this processor has the SHA extensions (and the SSSE3 and SSE4.1 they are used with).
int qbsync_sha256_hardware(void);

/// Folds `blocks` 64-byte blocks at `data` into `state` (a to h) with the SHA extensions.
/// Call only when `qbsync_sha256_hardware()` says so.
void qbsync_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
