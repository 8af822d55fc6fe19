/* Test-only stand-in for Windows' bcryptprimitives.dll under wine 8, which lacks ProcessPrng
 * (Rust's standard library gets its random bytes there since Rust 1.78). Forwards to
 * advapi32's RtlGenRandom (SystemFunction036), which wine has. Never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    for (ULONG chunk; length > 0; data += chunk, length -= chunk) {
        chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
    }
    return TRUE;
}
