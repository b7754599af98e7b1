/* gmseal/sdf.h: the GM/T 0018-2012 (GB/T 36322-2018) crypto-device "SDF" C interface, the
 * subset a seal platform uses, written for gmseal from the standard (no vendor header copied).
 *
 * ABI of this header (Linux x86-64): the standard's `unsigned int` parameters are 32-bit;
 * structures are naturally aligned (no #pragma pack); ECC fields are 64 bytes
 * (ECCref_MAX_BITS 512) with 256-bit values right-aligned. Vendors that use `unsigned long`
 * (64-bit on LP64), `#pragma pack(1)` or 32-byte ECC fields are handled by the loader in
 * src/keys, which marshals structures by a configurable layout.
 */
#ifndef GMSEAL_SDF_H
#define GMSEAL_SDF_H

#ifdef __cplusplus
extern "C" {
#endif

#define ECCref_MAX_BITS 512
#define ECCref_MAX_LEN ((ECCref_MAX_BITS + 7) / 8)

/* Algorithm identifiers (GM/T 0006). */
#define SGD_SM2 0x00020100
#define SGD_SM2_1 0x00020200
#define SGD_SM2_2 0x00020400
#define SGD_SM2_3 0x00020800
#define SGD_SM3 0x00000001
#define SGD_SM4_ECB 0x00000401
#define SGD_SM4_CBC 0x00000402

typedef struct DeviceInfo_st {
  unsigned char IssuerName[40];
  unsigned char DeviceName[16];
  unsigned char DeviceSerial[16]; /* date (8) + batch (3) + serial (5) */
  unsigned int DeviceVersion;
  unsigned int StandardVersion;
  unsigned int AsymAlgAbility[2];
  unsigned int SymAlgAbility;
  unsigned int HashAlgAbility;
  unsigned int BufferSize;
} DEVICEINFO;

typedef struct ECCrefPublicKey_st {
  unsigned int bits;
  unsigned char x[ECCref_MAX_LEN];
  unsigned char y[ECCref_MAX_LEN];
} ECCrefPublicKey;

typedef struct ECCrefPrivateKey_st {
  unsigned int bits;
  unsigned char K[ECCref_MAX_LEN];
} ECCrefPrivateKey;

typedef struct ECCSignature_st {
  unsigned char r[ECCref_MAX_LEN];
  unsigned char s[ECCref_MAX_LEN];
} ECCSignature;

/* Return codes (GM/T 0018 appendix A). The spellings are the standard's. */
#define SDR_OK 0x0
#define SDR_BASE 0x01000000
#define SDR_UNKNOWERR (SDR_BASE + 0x00000001)
#define SDR_NOTSUPPORT (SDR_BASE + 0x00000002)
#define SDR_COMMFAIL (SDR_BASE + 0x00000003)
#define SDR_HARDFAIL (SDR_BASE + 0x00000004)
#define SDR_OPENDEVICE (SDR_BASE + 0x00000005)
#define SDR_OPENSESSION (SDR_BASE + 0x00000006)
#define SDR_PARDENY (SDR_BASE + 0x00000007)
#define SDR_KEYNOTEXIST (SDR_BASE + 0x00000008)
#define SDR_ALGNOTSUPPORT (SDR_BASE + 0x00000009)
#define SDR_ALGMODNOTSUPPORT (SDR_BASE + 0x0000000A)
#define SDR_PKOPERR (SDR_BASE + 0x0000000B)
#define SDR_SKOPERR (SDR_BASE + 0x0000000C)
#define SDR_SIGNERR (SDR_BASE + 0x0000000D)
#define SDR_VERIFYERR (SDR_BASE + 0x0000000E)
#define SDR_SYMOPERR (SDR_BASE + 0x0000000F)
#define SDR_STEPERR (SDR_BASE + 0x00000010)
#define SDR_FILESIZEERR (SDR_BASE + 0x00000011)
#define SDR_FILENOEXIST (SDR_BASE + 0x00000012)
#define SDR_FILEOFSERR (SDR_BASE + 0x00000013)
#define SDR_KEYTYPEERR (SDR_BASE + 0x00000014)
#define SDR_KEYERR (SDR_BASE + 0x00000015)
#define SDR_ENCDATAERR (SDR_BASE + 0x00000016)
#define SDR_RANDERR (SDR_BASE + 0x00000017)
#define SDR_PRKRERR (SDR_BASE + 0x00000018)
#define SDR_MACERR (SDR_BASE + 0x00000019)
#define SDR_FILEEXSITS (SDR_BASE + 0x0000001A)
#define SDR_FILEWERR (SDR_BASE + 0x0000001B)
#define SDR_NOBUFFER (SDR_BASE + 0x0000001C)
#define SDR_INARGERR (SDR_BASE + 0x0000001D)
#define SDR_OUTARGERR (SDR_BASE + 0x0000001E)

/* Device and sessions. */
int SDF_OpenDevice(void** phDeviceHandle);
int SDF_CloseDevice(void* hDeviceHandle);
int SDF_OpenSession(void* hDeviceHandle, void** phSessionHandle);
int SDF_CloseSession(void* hSessionHandle);
int SDF_GetDeviceInfo(void* hSessionHandle, DEVICEINFO* pstDeviceInfo);
int SDF_GenerateRandom(void* hSessionHandle, unsigned int uiLength, unsigned char* pucRandom);

/* Private key access (per session and key index). */
int SDF_GetPrivateKeyAccessRight(void* hSessionHandle, unsigned int uiKeyIndex,
                                 unsigned char* pucPassword, unsigned int uiPwdLength);
int SDF_ReleasePrivateKeyAccessRight(void* hSessionHandle, unsigned int uiKeyIndex);

/* ECC keys and signatures. */
int SDF_ExportSignPublicKey_ECC(void* hSessionHandle, unsigned int uiKeyIndex,
                                ECCrefPublicKey* pucPublicKey);
int SDF_ExportEncPublicKey_ECC(void* hSessionHandle, unsigned int uiKeyIndex,
                               ECCrefPublicKey* pucPublicKey);
int SDF_GenerateKeyPair_ECC(void* hSessionHandle, unsigned int uiAlgID, unsigned int uiKeyBits,
                            ECCrefPublicKey* pucPublicKey, ECCrefPrivateKey* pucPrivateKey);
int SDF_InternalSign_ECC(void* hSessionHandle, unsigned int uiISKIndex, unsigned char* pucData,
                         unsigned int uiDataLength, ECCSignature* pucSignature);
int SDF_InternalVerify_ECC(void* hSessionHandle, unsigned int uiIPKIndex, unsigned char* pucData,
                           unsigned int uiDataLength, ECCSignature* pucSignature);
int SDF_ExternalVerify_ECC(void* hSessionHandle, unsigned int uiAlgID,
                           ECCrefPublicKey* pucPublicKey, unsigned char* pucDataInput,
                           unsigned int uiInputLength, ECCSignature* pucSignature);

/* Hashing (SM3; with a public key and ID the Z value is prepended, GM/T 0018 §6.6). */
int SDF_HashInit(void* hSessionHandle, unsigned int uiAlgID, ECCrefPublicKey* pucPublicKey,
                 unsigned char* pucID, unsigned int uiIDLength);
int SDF_HashUpdate(void* hSessionHandle, unsigned char* pucData, unsigned int uiDataLength);
int SDF_HashFinal(void* hSessionHandle, unsigned char* pucHash, unsigned int* puiHashLength);

/* Device file store (names up to 128 bytes). */
int SDF_CreateFile(void* hSessionHandle, unsigned char* pucFileName, unsigned int uiNameLen,
                   unsigned int uiFileSize);
int SDF_ReadFile(void* hSessionHandle, unsigned char* pucFileName, unsigned int uiNameLen,
                 unsigned int uiOffset, unsigned int* puiReadLength, unsigned char* pucBuffer);
int SDF_WriteFile(void* hSessionHandle, unsigned char* pucFileName, unsigned int uiNameLen,
                  unsigned int uiOffset, unsigned int uiWriteLength, unsigned char* pucBuffer);
int SDF_DeleteFile(void* hSessionHandle, unsigned char* pucFileName, unsigned int uiNameLen);

#ifdef __cplusplus
}
#endif

#endif /* GMSEAL_SDF_H */
