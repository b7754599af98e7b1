// x86-64 assembly for the SM2 field: Montgomery multiplication and squaring (R = 2^256),
// addition and subtraction.
//
// Why assembly: GCC 12 keeps the carry chains of the portable C++ (adc/sbb intrinsics or 128-bit
// sums) in general registers, so a multiplication cost about twice what Clang made of the same
// source; these blocks are what both compilers now run. The base versions use only instructions
// every x86-64 CPU has (mul, add/adc, sub/sbb, cmov); multiplication has a second version with
// BMI2's mulx and ADX's adcx/adox, chosen once at start-up (has_bmi2_adx), about 20 % faster.
// All are constant time: no branch and no memory index depends on the operands (the final
// subtraction is a cmov).
//
// One round per limb b_i of b, on a six-limb accumulator acc (acc5 takes the carries):
//   acc += a * b_i;
//   m = acc0 (p = -1 mod 2^64, so -p^-1 mod 2^64 = 1); acc += m * p; acc >>= 64.
// m * p = m*2^256 - m*2^224 - m*2^96 + m*2^64 - m. Limb by limb, with lo = m << 32 and
// hi = m >> 32: limb0 -m (cancels acc0 exactly), limb1 +m -lo, limb2 -hi, limb3 -lo,
// limb4 +m -hi. So one add chain (+m at limbs 1 and 4) and one subtract chain (lo, hi, lo, hi);
// the running total never goes negative, so the last borrow always lands in acc5.
// Each round keeps acc < 2p; the end subtracts p once when acc >= p, found by adding 2^256 - p
// (limbs 1, 2^32 - 1, 0, 2^32) and watching the carry into the fifth limb.
#pragma once

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(GMSEAL_SM2_PORTABLE)
#define GMSEAL_SM2_FIELD_ASM 1

#include <cpuid.h>

#include <cstdint>
#include <cstdlib>

namespace gmseal::crypto::sm2_engine::fp_asm {

// The four limbs behind a pointer as one object, so that an "m" operand tells the compiler which
// memory the assembly reads (instead of a blanket "memory" clobber that forces every value out of
// registers).
inline const std::uint64_t (&limbs(const std::uint64_t* p))[4] {
  return *reinterpret_cast<const std::uint64_t(*)[4]>(p);
}

// The reduction of a round, m = acc0: acc += m * p (cancelling acc0), then shift down one limb.
#define GMSEAL_SM2_MUL_REDUCE    \
  "movq %[acc0], %%rax\n\t"      \
  "shlq $32, %%rax\n\t" /* lo */ \
  "movq %[acc0], %%rdx\n\t"      \
  "shrq $32, %%rdx\n\t" /* hi */ \
  "addq %[acc0], %[acc1]\n\t"    \
  "adcq $0, %[acc2]\n\t"         \
  "adcq $0, %[acc3]\n\t"         \
  "adcq %[acc0], %[acc4]\n\t"    \
  "adcq $0, %[acc5]\n\t"         \
  "subq %%rax, %[acc1]\n\t"      \
  "sbbq %%rdx, %[acc2]\n\t"      \
  "sbbq %%rax, %[acc3]\n\t"      \
  "sbbq %%rdx, %[acc4]\n\t"      \
  "sbbq $0, %[acc5]\n\t"         \
  "movq %[acc1], %[acc0]\n\t"    \
  "movq %[acc2], %[acc1]\n\t"    \
  "movq %[acc3], %[acc2]\n\t"    \
  "movq %[acc4], %[acc3]\n\t"    \
  "movq %[acc5], %[acc4]\n\t"

// The end of every product: T4:T3..T0 < 2p (T0 the lowest limb); subtract p when it is >= p, by
// adding 2^256 - p (limbs 1, 2^32 - 1, 0, 2^32) and watching the carry into T4 (T4 plus that
// carry is 0 or 1, so its zero flag picks; constant time, cmov). Scratch: rax, rcx, rdx and
// the operand named t.
// clang-format off
#define GMSEAL_SM2_FINAL_SUBTRACT(T0, T1, T2, T3, T4) \
  "movl $0xffffffff, %%ecx\n\t"                      \
  "movq %[" #T0 "], %%rax\n\t"                       \
  "addq $1, %%rax\n\t"                               \
  "movq %[" #T1 "], %%rdx\n\t"                       \
  "adcq %%rcx, %%rdx\n\t"                            \
  "movq %[" #T2 "], %[t]\n\t"                        \
  "adcq $0, %[t]\n\t"                                \
  "leaq 1(%%rcx), %%rcx\n\t"                         \
  "adcq %[" #T3 "], %%rcx\n\t"                       \
  "adcq $0, %[" #T4 "]\n\t"                          \
  "cmovnzq %%rax, %[" #T0 "]\n\t"                    \
  "cmovnzq %%rdx, %[" #T1 "]\n\t"                    \
  "cmovnzq %[t], %[" #T2 "]\n\t"                     \
  "cmovnzq %%rcx, %[" #T3 "]\n\t"
// clang-format on

// One round: multiply-accumulate a * [b + OFFSET], reduce, shift the accumulator down one limb.
#define GMSEAL_SM2_MUL_ROUND(OFFSET) \
  "movq " #OFFSET                    \
  "(%[b]), %%rcx\n\t"                \
  "xorl %k[acc5], %k[acc5]\n\t"      \
  "movq 0(%[a]), %%rax\n\t"          \
  "mulq %%rcx\n\t"                   \
  "addq %%rax, %[acc0]\n\t"          \
  "adcq $0, %%rdx\n\t"               \
  "movq %%rdx, %[t]\n\t"             \
  "movq 8(%[a]), %%rax\n\t"          \
  "mulq %%rcx\n\t"                   \
  "addq %[t], %[acc1]\n\t"           \
  "adcq $0, %%rdx\n\t"               \
  "addq %%rax, %[acc1]\n\t"          \
  "adcq $0, %%rdx\n\t"               \
  "movq %%rdx, %[t]\n\t"             \
  "movq 16(%[a]), %%rax\n\t"         \
  "mulq %%rcx\n\t"                   \
  "addq %[t], %[acc2]\n\t"           \
  "adcq $0, %%rdx\n\t"               \
  "addq %%rax, %[acc2]\n\t"          \
  "adcq $0, %%rdx\n\t"               \
  "movq %%rdx, %[t]\n\t"             \
  "movq 24(%[a]), %%rax\n\t"         \
  "mulq %%rcx\n\t"                   \
  "addq %[t], %[acc3]\n\t"           \
  "adcq $0, %%rdx\n\t"               \
  "addq %%rax, %[acc3]\n\t"          \
  "adcq %%rdx, %[acc4]\n\t"          \
  "adcq $0, %[acc5]\n\t" GMSEAL_SM2_MUL_REDUCE

// r = a * b * 2^-256 mod p for a, b < p; r < p. r may alias a or b.
inline void mul(std::uint64_t r[4], const std::uint64_t a[4], const std::uint64_t b[4]) {
  std::uint64_t acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0, acc4 = 0, acc5, t;
  asm(GMSEAL_SM2_MUL_ROUND(0) GMSEAL_SM2_MUL_ROUND(8) GMSEAL_SM2_MUL_ROUND(16)
          GMSEAL_SM2_MUL_ROUND(24) GMSEAL_SM2_FINAL_SUBTRACT(acc0, acc1, acc2, acc3, acc4)
      : [acc0] "+&r"(acc0), [acc1] "+&r"(acc1), [acc2] "+&r"(acc2), [acc3] "+&r"(acc3),
        [acc4] "+&r"(acc4), [acc5] "=&r"(acc5), [t] "=&r"(t)
      : [a] "r"(a), [b] "r"(b), "m"(limbs(a)), "m"(limbs(b))
      : "rax", "rcx", "rdx", "cc");
  r[0] = acc0;
  r[1] = acc1;
  r[2] = acc2;
  r[3] = acc3;
}

// The reduction of a round with mulx, for CPUs with BMI2: m = A0, and (acc + m·p) / 2^64 is acc
// shifted down a limb plus D = m·(2^192 - 2^160 - 2^32 + 1) = q·2^160 - q, where
// q = m·(2^32 - 1) < 2^96. Two multiplications by constants give q and s = q·2^32 (< 2^128) as
// limb pairs, so D is s added at limbs 2-3 and q subtracted at limbs 0-1 of the shifted
// accumulator A1..A4 (A5 takes the carry and the borrow; sums wrap mod 2^320 and come out exact).
// Against the shift-based step this trades two shifts and four carry operations for two mulx,
// which run on other ports: shifts and carry operations share two ports, and those bound a
// doubling. TOP receives s's high limb (scratch).
// clang-format off
#define GMSEAL_SM2_REDUCE_MULX(A0, A1, A2, A3, A4, A5, TOP) \
  "movl $0xffffffff, %%edx\n\t"                          \
  "mulxq %[" #A0 "], %%rax, %%rcx\n\t"                   \
  "movabsq $0xffffffff00000000, %%rdx\n\t"               \
  "mulxq %[" #A0 "], %%rdx, %[" #TOP "]\n\t"             \
  "addq %%rdx, %[" #A3 "]\n\t"                           \
  "adcq %[" #TOP "], %[" #A4 "]\n\t"                     \
  "adcq $0, %[" #A5 "]\n\t"                              \
  "subq %%rax, %[" #A1 "]\n\t"                           \
  "sbbq %%rcx, %[" #A2 "]\n\t"                           \
  "sbbq $0, %[" #A3 "]\n\t"                              \
  "sbbq $0, %[" #A4 "]\n\t"                              \
  "sbbq $0, %[" #A5 "]\n\t"

// The same product with BMI2's mulx and ADX's two carry chains (adcx on CF for the low halves,
// adox on OF for the high halves), which run the four products of a round in parallel. The
// accumulator's registers rotate instead of moving down a limb: after the reduction of a round
// A0 holds nothing (its limb was cancelled) and becomes the next round's top limb.
#define GMSEAL_SM2_MUL_ROUND_ADX(OFFSET, A0, A1, A2, A3, A4, A5) \
  "movq " #OFFSET "(%[b]), %%rdx\n\t"                            \
  "xorl %k[" #A5 "], %k[" #A5 "]\n\t" /* CF = OF = 0 */          \
  "mulxq 0(%[a]), %%rax, %%rcx\n\t"                              \
  "adcxq %%rax, %[" #A0 "]\n\t"                                  \
  "adoxq %%rcx, %[" #A1 "]\n\t"                                  \
  "mulxq 8(%[a]), %%rax, %%rcx\n\t"                              \
  "adcxq %%rax, %[" #A1 "]\n\t"                                  \
  "adoxq %%rcx, %[" #A2 "]\n\t"                                  \
  "mulxq 16(%[a]), %%rax, %%rcx\n\t"                             \
  "adcxq %%rax, %[" #A2 "]\n\t"                                  \
  "adoxq %%rcx, %[" #A3 "]\n\t"                                  \
  "mulxq 24(%[a]), %%rax, %%rcx\n\t"                             \
  "adcxq %%rax, %[" #A3 "]\n\t"                                  \
  "adoxq %%rcx, %[" #A4 "]\n\t"                                  \
  "adcxq %[" #A5 "], %[" #A4 "]\n\t"                             \
  "movl $0, %%ecx\n\t"                                           \
  "adoxq %%rcx, %[" #A5 "]\n\t"                                  \
  "adcxq %%rcx, %[" #A5 "]\n\t"                                  \
  GMSEAL_SM2_REDUCE_MULX(A0, A1, A2, A3, A4, A5, A0)
// clang-format on

// The first round, on an empty accumulator: a * b_0 as one carry chain (mulx leaves the flags
// alone), without the second chain and the carry limb's bookkeeping of the later rounds.
// clang-format off
#define GMSEAL_SM2_MUL_FIRST_ROUND_ADX(A0, A1, A2, A3, A4, A5) \
  "movq 0(%[b]), %%rdx\n\t"                                  \
  "xorl %k[" #A5 "], %k[" #A5 "]\n\t"                        \
  "mulxq 0(%[a]), %[" #A0 "], %[" #A1 "]\n\t"                \
  "mulxq 8(%[a]), %%rax, %[" #A2 "]\n\t"                     \
  "addq %%rax, %[" #A1 "]\n\t"                               \
  "mulxq 16(%[a]), %%rax, %[" #A3 "]\n\t"                    \
  "adcq %%rax, %[" #A2 "]\n\t"                               \
  "mulxq 24(%[a]), %%rax, %[" #A4 "]\n\t"                    \
  "adcq %%rax, %[" #A3 "]\n\t"                               \
  "adcq $0, %[" #A4 "]\n\t"                                  \
  GMSEAL_SM2_REDUCE_MULX(A0, A1, A2, A3, A4, A5, A0)
// clang-format on

// mul for CPUs with BMI2 and ADX (see has_bmi2_adx).
inline void mul_adx(std::uint64_t r[4], const std::uint64_t a[4], const std::uint64_t b[4]) {
  std::uint64_t acc0, acc1, acc2, acc3, acc4, acc5, t;
  asm(GMSEAL_SM2_MUL_FIRST_ROUND_ADX(acc0, acc1, acc2, acc3, acc4, acc5)
          GMSEAL_SM2_MUL_ROUND_ADX(8, acc1, acc2, acc3, acc4, acc5, acc0)
              GMSEAL_SM2_MUL_ROUND_ADX(16, acc2, acc3, acc4, acc5, acc0, acc1)
                  GMSEAL_SM2_MUL_ROUND_ADX(24, acc3, acc4, acc5, acc0, acc1, acc2)
                      GMSEAL_SM2_FINAL_SUBTRACT(acc4, acc5, acc0, acc1, acc2)
      : [acc0] "=&r"(acc0), [acc1] "=&r"(acc1), [acc2] "=&r"(acc2), [acc3] "=&r"(acc3),
        [acc4] "=&r"(acc4), [acc5] "=&r"(acc5), [t] "=&r"(t)
      : [a] "r"(a), [b] "r"(b), "m"(limbs(a)), "m"(limbs(b))
      : "rax", "rcx", "rdx", "cc");
  r[0] = acc4;
  r[1] = acc5;
  r[2] = acc0;
  r[3] = acc1;
}

// Whether this CPU has mulx (BMI2) and adcx/adox (ADX); read once at start-up. Under valgrind the
// answer is valgrind's emulated CPU, so the checks there see the path that valgrind can run.
// (CPUID leaf 7: EBX bit 8 is BMI2, bit 19 is ADX; Clang 14 knows no "adx" for
// __builtin_cpu_supports, so CPUID is read directly.) GMSEAL_SM2_NO_ADX=1 in the environment
// keeps to the base assembly, so that the test suite can run that path on a CPU with ADX.
inline const bool has_bmi2_adx = [] {
  if (const char* off = std::getenv("GMSEAL_SM2_NO_ADX");
      off != nullptr && off[0] != '\0' && off[0] != '0') {
    return false;
  }
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) return false;
  return (ebx & (1u << 8)) != 0 && (ebx & (1u << 19)) != 0;
}();

#undef GMSEAL_SM2_MUL_ROUND_ADX
#undef GMSEAL_SM2_REDUCE_MULX
#undef GMSEAL_SM2_MUL_FIRST_ROUND_ADX
#undef GMSEAL_SM2_MUL_ROUND
#undef GMSEAL_SM2_MUL_REDUCE

// The end of a squaring: the reduced low half t0..t3 plus the high half t4..t7, with the carry
// into t4 (the sum is below 2p) for GMSEAL_SM2_FINAL_SUBTRACT. mov leaves the flags alone.
// clang-format off
#define GMSEAL_SM2_SQR_ADD_HIGH_HALF \
  "addq %[t4], %[t0]\n\t"           \
  "adcq %[t5], %[t1]\n\t"           \
  "adcq %[t6], %[t2]\n\t"           \
  "adcq %[t7], %[t3]\n\t"           \
  "movl $0, %k[t4]\n\t"             \
  "adcq $0, %[t4]\n\t"
// clang-format on

// One Montgomery reduction step on the four-limb low half (A0 is the limb to cancel, m = A0):
// adds m * p and drops A0, whose register then holds the new top limb. (L + M * p) / 2^64 stays
// below 2^192 + p < 2^256 at every step, so four limbs always suffice.
#define GMSEAL_SM2_REDUCE_STEP(A0, A1, A2, A3) \
  "movq %[" #A0                                \
  "], %%rax\n\t"                               \
  "shlq $32, %%rax\n\t"                        \
  "movq %[" #A0                                \
  "], %%rdx\n\t"                               \
  "shrq $32, %%rdx\n\t"                        \
  "addq %[" #A0 "], %[" #A1                    \
  "]\n\t"                                      \
  "adcq $0, %[" #A2                            \
  "]\n\t"                                      \
  "adcq $0, %[" #A3                            \
  "]\n\t"                                      \
  "adcq $0, %[" #A0                            \
  "]\n\t"                                      \
  "subq %%rax, %[" #A1                         \
  "]\n\t"                                      \
  "sbbq %%rdx, %[" #A2                         \
  "]\n\t"                                      \
  "sbbq %%rax, %[" #A3                         \
  "]\n\t"                                      \
  "sbbq %%rdx, %[" #A0 "]\n\t"

// r = a^2 * 2^-256 mod p for a < p; r < p. r may alias a. The six cross products once, doubled,
// plus the four squares (10 multiplications instead of 16); the low half is reduced in place and
// the high half added (the sum is below 2p, so one conditional subtraction ends it).
inline void sqr(std::uint64_t r[4], const std::uint64_t a[4]) {
  std::uint64_t t0, t1, t2, t3, t4, t5, t6, t7, t;
  asm(/* cross products a_i * a_j, i < j, into t1..t6 */
      "movq 0(%[a]), %%rcx\n\t"
      "movq 8(%[a]), %%rax\n\t"
      "mulq %%rcx\n\t"
      "movq %%rax, %[t1]\n\t"
      "movq %%rdx, %[t2]\n\t"
      "movq 16(%[a]), %%rax\n\t"
      "mulq %%rcx\n\t"
      "addq %%rax, %[t2]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[t3]\n\t"
      "movq 24(%[a]), %%rax\n\t"
      "mulq %%rcx\n\t"
      "addq %%rax, %[t3]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[t4]\n\t"
      "movq 8(%[a]), %%rcx\n\t"
      "movq 16(%[a]), %%rax\n\t"
      "mulq %%rcx\n\t"
      "addq %%rax, %[t3]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[t]\n\t"
      "movq 24(%[a]), %%rax\n\t"
      "mulq %%rcx\n\t"
      "addq %[t], %%rax\n\t"
      "adcq $0, %%rdx\n\t"
      "addq %%rax, %[t4]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[t5]\n\t"
      "movq 16(%[a]), %%rcx\n\t"
      "movq 24(%[a]), %%rax\n\t"
      "mulq %%rcx\n\t"
      "addq %%rax, %[t5]\n\t"
      "adcq $0, %%rdx\n\t"
      "movq %%rdx, %[t6]\n\t"
      /* double them (t7 takes the carry) */
      "xorl %k[t7], %k[t7]\n\t"
      "addq %[t1], %[t1]\n\t"
      "adcq %[t2], %[t2]\n\t"
      "adcq %[t3], %[t3]\n\t"
      "adcq %[t4], %[t4]\n\t"
      "adcq %[t5], %[t5]\n\t"
      "adcq %[t6], %[t6]\n\t"
      "adcq $0, %[t7]\n\t"
      /* add the squares a_i^2 at limb 2i; the carry waits in rcx (as 0 or -1) across mulq */
      "movq 0(%[a]), %%rax\n\t"
      "mulq %%rax\n\t"
      "movq %%rax, %[t0]\n\t"
      "movq %%rdx, %%rcx\n\t"
      "movq 8(%[a]), %%rax\n\t"
      "mulq %%rax\n\t"
      "addq %%rcx, %[t1]\n\t"
      "adcq %%rax, %[t2]\n\t"
      "adcq %%rdx, %[t3]\n\t"
      "sbbq %%rcx, %%rcx\n\t"
      "movq 16(%[a]), %%rax\n\t"
      "mulq %%rax\n\t"
      "negq %%rcx\n\t"
      "adcq %%rax, %[t4]\n\t"
      "adcq %%rdx, %[t5]\n\t"
      "sbbq %%rcx, %%rcx\n\t"
      "movq 24(%[a]), %%rax\n\t"
      "mulq %%rax\n\t"
      "negq %%rcx\n\t"
      "adcq %%rax, %[t6]\n\t"
      "adcq %%rdx, %[t7]\n\t"
      /* reduce the low half t0..t3 (the registers rotate: the result lands in t0..t3 again) */
      GMSEAL_SM2_REDUCE_STEP(t0, t1, t2, t3) GMSEAL_SM2_REDUCE_STEP(t1, t2, t3, t0)
          GMSEAL_SM2_REDUCE_STEP(t2, t3, t0, t1) GMSEAL_SM2_REDUCE_STEP(t3, t0, t1, t2)
              GMSEAL_SM2_SQR_ADD_HIGH_HALF GMSEAL_SM2_FINAL_SUBTRACT(t0, t1, t2, t3, t4)
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
        [t5] "=&r"(t5), [t6] "=&r"(t6), [t7] "=&r"(t7), [t] "=&r"(t)
      : [a] "r"(a), "m"(limbs(a))
      : "rax", "rcx", "rdx", "cc");
  r[0] = t0;
  r[1] = t1;
  r[2] = t2;
  r[3] = t3;
}

// The step above with mulx (see GMSEAL_SM2_REDUCE_MULX): A0 ends as the new top limb.
// clang-format off
#define GMSEAL_SM2_REDUCE_STEP_MULX(A0, A1, A2, A3) \
  "movl $0xffffffff, %%edx\n\t"                  \
  "mulxq %[" #A0 "], %%rax, %%rcx\n\t"           \
  "movabsq $0xffffffff00000000, %%rdx\n\t"       \
  "mulxq %[" #A0 "], %%rdx, %[" #A0 "]\n\t"      \
  "addq %%rdx, %[" #A3 "]\n\t"                   \
  "adcq $0, %[" #A0 "]\n\t"                      \
  "subq %%rax, %[" #A1 "]\n\t"                   \
  "sbbq %%rcx, %[" #A2 "]\n\t"                   \
  "sbbq $0, %[" #A3 "]\n\t"                      \
  "sbbq $0, %[" #A0 "]\n\t"
// clang-format on

// sqr for CPUs with BMI2 and ADX: the products with mulx, which leaves the flags alone, so the
// carries of one chain run across the multiplications without being parked, and the reduction
// steps with mulx.
inline void sqr_adx(std::uint64_t r[4], const std::uint64_t a[4]) {
  std::uint64_t t0, t1, t2, t3, t4, t5, t6, t7, t;
  asm(/* a0 * (a1, a2, a3) into t1..t4 */
      "movq 0(%[a]), %%rdx\n\t"
      "mulxq 8(%[a]), %[t1], %[t2]\n\t"
      "mulxq 16(%[a]), %%rax, %[t3]\n\t"
      "addq %%rax, %[t2]\n\t"
      "mulxq 24(%[a]), %%rax, %[t4]\n\t"
      "adcq %%rax, %[t3]\n\t"
      "adcq $0, %[t4]\n\t"
      /* a1 * (a2, a3) into t3..t5 (two carry chains; t is zero) */
      "movq 8(%[a]), %%rdx\n\t"
      "xorl %k[t], %k[t]\n\t"
      "mulxq 16(%[a]), %%rax, %%rcx\n\t"
      "adcxq %%rax, %[t3]\n\t"
      "adoxq %%rcx, %[t4]\n\t"
      "mulxq 24(%[a]), %%rax, %[t5]\n\t"
      "adcxq %%rax, %[t4]\n\t"
      "adoxq %[t], %[t5]\n\t"
      "adcxq %[t], %[t5]\n\t"
      /* a2 * a3 into t5..t6 */
      "movq 16(%[a]), %%rdx\n\t"
      "mulxq 24(%[a]), %%rax, %[t6]\n\t"
      "addq %%rax, %[t5]\n\t"
      "adcq $0, %[t6]\n\t"
      /* double the cross products (t7 takes the carry) */
      "xorl %k[t7], %k[t7]\n\t"
      "addq %[t1], %[t1]\n\t"
      "adcq %[t2], %[t2]\n\t"
      "adcq %[t3], %[t3]\n\t"
      "adcq %[t4], %[t4]\n\t"
      "adcq %[t5], %[t5]\n\t"
      "adcq %[t6], %[t6]\n\t"
      "adcq $0, %[t7]\n\t"
      /* + the squares a_i^2 at limb 2i, one carry chain across the mulx */
      "movq 0(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %[t0], %%rcx\n\t"
      "movq 8(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %%rax, %%rdx\n\t"
      "addq %%rcx, %[t1]\n\t"
      "adcq %%rax, %[t2]\n\t"
      "adcq %%rdx, %[t3]\n\t"
      "movq 16(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %%rax, %%rdx\n\t"
      "adcq %%rax, %[t4]\n\t"
      "adcq %%rdx, %[t5]\n\t"
      "movq 24(%[a]), %%rdx\n\t"
      "mulxq %%rdx, %%rax, %%rdx\n\t"
      "adcq %%rax, %[t6]\n\t"
      "adcq %%rdx, %[t7]\n\t"
      /* reduce the low half t0..t3 (the registers rotate: the result lands in t0..t3 again) */
      GMSEAL_SM2_REDUCE_STEP_MULX(t0, t1, t2, t3) GMSEAL_SM2_REDUCE_STEP_MULX(t1, t2, t3, t0)
          GMSEAL_SM2_REDUCE_STEP_MULX(t2, t3, t0, t1) GMSEAL_SM2_REDUCE_STEP_MULX(t3, t0, t1, t2)
              GMSEAL_SM2_SQR_ADD_HIGH_HALF GMSEAL_SM2_FINAL_SUBTRACT(t0, t1, t2, t3, t4)
      : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
        [t5] "=&r"(t5), [t6] "=&r"(t6), [t7] "=&r"(t7), [t] "=&r"(t)
      : [a] "r"(a), "m"(limbs(a))
      : "rax", "rcx", "rdx", "cc");
  r[0] = t0;
  r[1] = t1;
  r[2] = t2;
  r[3] = t3;
}

#undef GMSEAL_SM2_REDUCE_STEP
#undef GMSEAL_SM2_SQR_ADD_HIGH_HALF
#undef GMSEAL_SM2_FINAL_SUBTRACT
#undef GMSEAL_SM2_REDUCE_STEP_MULX

inline constexpr std::uint64_t kP1 = 0xFFFFFFFF00000000ull;
inline constexpr std::uint64_t kP3 = 0xFFFFFFFEFFFFFFFFull;

// r = a + b mod p for a, b < p. r may alias a or b.
inline void add(std::uint64_t r[4], const std::uint64_t a[4], const std::uint64_t b[4]) {
  std::uint64_t r0, r1, r2, r3, top, t0, t1, t2, t3;
  asm("movq 0(%[a]), %[r0]\n\t"
      "movq 8(%[a]), %[r1]\n\t"
      "movq 16(%[a]), %[r2]\n\t"
      "movq 24(%[a]), %[r3]\n\t"
      "xorl %k[top], %k[top]\n\t"
      "addq 0(%[b]), %[r0]\n\t"
      "adcq 8(%[b]), %[r1]\n\t"
      "adcq 16(%[b]), %[r2]\n\t"
      "adcq 24(%[b]), %[r3]\n\t"
      "adcq $0, %[top]\n\t"
      /* t = (top:r) - p; no borrow means a + b >= p: take t */
      "movq %[r0], %[t0]\n\t"
      "movq %[r1], %[t1]\n\t"
      "movq %[r2], %[t2]\n\t"
      "movq %[r3], %[t3]\n\t"
      "subq $-1, %[t0]\n\t"
      "sbbq %[p1], %[t1]\n\t"
      "sbbq $-1, %[t2]\n\t"
      "sbbq %[p3], %[t3]\n\t"
      "sbbq $0, %[top]\n\t"
      "cmovncq %[t0], %[r0]\n\t"
      "cmovncq %[t1], %[r1]\n\t"
      "cmovncq %[t2], %[r2]\n\t"
      "cmovncq %[t3], %[r3]\n\t"
      : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [top] "=&r"(top),
        [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3)
      : [a] "r"(a), [b] "r"(b), "m"(limbs(a)), "m"(limbs(b)), [p1] "m"(kP1), [p3] "m"(kP3)
      : "cc");
  r[0] = r0;
  r[1] = r1;
  r[2] = r2;
  r[3] = r3;
}

// r = a - b mod p for a, b < p. r may alias a or b.
inline void sub(std::uint64_t r[4], const std::uint64_t a[4], const std::uint64_t b[4]) {
  std::uint64_t r0, r1, r2, r3, mask, m1, m3;
  asm("movq 0(%[a]), %[r0]\n\t"
      "movq 8(%[a]), %[r1]\n\t"
      "movq 16(%[a]), %[r2]\n\t"
      "movq 24(%[a]), %[r3]\n\t"
      "subq 0(%[b]), %[r0]\n\t"
      "sbbq 8(%[b]), %[r1]\n\t"
      "sbbq 16(%[b]), %[r2]\n\t"
      "sbbq 24(%[b]), %[r3]\n\t"
      /* mask = all ones when a < b; then add p & mask */
      "sbbq %[mask], %[mask]\n\t"
      "movq %[p1], %[m1]\n\t"
      "andq %[mask], %[m1]\n\t"
      "movq %[p3], %[m3]\n\t"
      "andq %[mask], %[m3]\n\t"
      "addq %[mask], %[r0]\n\t"
      "adcq %[m1], %[r1]\n\t"
      "adcq %[mask], %[r2]\n\t"
      "adcq %[m3], %[r3]\n\t"
      : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [mask] "=&r"(mask),
        [m1] "=&r"(m1), [m3] "=&r"(m3)
      : [a] "r"(a), [b] "r"(b), "m"(limbs(a)), "m"(limbs(b)), [p1] "m"(kP1), [p3] "m"(kP3)
      : "cc");
  r[0] = r0;
  r[1] = r1;
  r[2] = r2;
  r[3] = r3;
}

}  // namespace gmseal::crypto::sm2_engine::fp_asm

#endif
