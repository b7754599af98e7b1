/* A stand-in for a vendor SKF library built from a header that differs from the standard's
 * Linux reading: ULONG and BOOL are `unsigned long` / `long` (64-bit on LP64) and structures are
 * declared under #pragma pack(1). It serves one device "V1" with one application and container,
 * a fixed public key (the SM2 base point G) and a fixed signature, so the loader test can check
 * that every field crosses the ABI intact when the loader is told ulong=64;bool=64;pack=1. */
#include <string.h>

typedef unsigned long ULONG;
typedef long BOOL;
typedef unsigned char BYTE;

#pragma pack(push, 1)
typedef struct {
  BYTE major, minor;
} VERSION;
typedef struct {
  VERSION Version;
  char Manufacturer[64];
  char Issuer[64];
  char Label[32];
  char SerialNumber[32];
  VERSION HWVersion;
  VERSION FirmwareVersion;
  ULONG AlgSymCap, AlgAsymCap, AlgHashCap, DevAuthAlgId, TotalSpace, FreeSpace,
      MaxECCBufferSize, MaxBufferSize;
  BYTE Reserved[64];
} DEVINFO;
typedef struct {
  ULONG BitLen;
  BYTE X[64];
  BYTE Y[64];
} ECCPUBLICKEYBLOB;
typedef struct {
  BYTE r[64];
  BYTE s[64];
} ECCSIGNATUREBLOB;
#pragma pack(pop)

/* SM2 curve base point (GB/T 32918.5). */
static const BYTE kGx[32] = {0x32, 0xC4, 0xAE, 0x2C, 0x1F, 0x19, 0x81, 0x19, 0x5F, 0x99, 0x04,
                             0x46, 0x6A, 0x39, 0xC9, 0x94, 0x8F, 0xE3, 0x0B, 0xBF, 0xF2, 0x66,
                             0x0B, 0xE1, 0x71, 0x5A, 0x45, 0x89, 0x33, 0x4C, 0x74, 0xC7};
static const BYTE kGy[32] = {0xBC, 0x37, 0x36, 0xA2, 0xF4, 0xF6, 0x77, 0x9C, 0x59, 0xBD, 0xCE,
                             0xE3, 0x6B, 0x69, 0x21, 0x53, 0xD0, 0xA9, 0x87, 0x7C, 0xC6, 0x2A,
                             0x47, 0x40, 0x02, 0xDF, 0x32, 0xE5, 0x21, 0x39, 0xF0, 0xA0};
static int g_handle;
static ULONG g_last_digest_len;

ULONG SKF_EnumDev(BOOL present, char* list, ULONG* size) {
  (void)present;
  static const char names[] = "V1\0\0";
  if (list == 0) {
    *size = sizeof names - 1;
    return 0;
  }
  memcpy(list, names, sizeof names - 1);
  *size = sizeof names - 1;
  return 0;
}
ULONG SKF_ConnectDev(char* name, void** dev) {
  if (strcmp(name, "V1") != 0) return 0x0A000023;
  *dev = &g_handle;
  return 0;
}
ULONG SKF_DisConnectDev(void* dev) { return dev == &g_handle ? 0 : 0x0A000005; }
ULONG SKF_GetDevInfo(void* dev, DEVINFO* info) {
  (void)dev;
  memset(info, 0, sizeof *info);
  info->Version.major = 1;
  strcpy(info->Manufacturer, "Vendor LP64");
  strcpy(info->Label, "packed key");
  strcpy(info->SerialNumber, "SN-0001");
  info->AlgAsymCap = 0x00020200;
  info->AlgHashCap = 0x00000001;
  info->TotalSpace = 0x123456789AUL; /* wider than 32 bits on purpose */
  info->FreeSpace = 4242;
  return 0;
}
ULONG SKF_OpenApplication(void* dev, char* name, void** app) {
  (void)dev;
  (void)name;
  *app = &g_handle;
  return 0;
}
ULONG SKF_CloseApplication(void* app) {
  (void)app;
  return 0;
}
ULONG SKF_VerifyPIN(void* app, ULONG type, char* pin, ULONG* retries) {
  (void)app;
  if (type != 1) return 0x0A00002A;
  if (strcmp(pin, "123456") != 0) {
    *retries = 7;
    return 0x0A000024;
  }
  *retries = 8;
  return 0;
}
ULONG SKF_OpenContainer(void* app, char* name, void** con) {
  (void)app;
  (void)name;
  *con = &g_handle;
  return 0;
}
ULONG SKF_CloseContainer(void* con) {
  (void)con;
  return 0;
}
ULONG SKF_ExportPublicKey(void* con, BOOL sign, BYTE* blob, ULONG* len) {
  (void)con;
  if (!sign) return 0x0A00001B;
  if (blob == 0) {
    *len = sizeof(ECCPUBLICKEYBLOB);
    return 0;
  }
  if (*len < sizeof(ECCPUBLICKEYBLOB)) return 0x0A000020;
  ECCPUBLICKEYBLOB key;
  memset(&key, 0, sizeof key);
  key.BitLen = 256;
  memcpy(key.X + 32, kGx, 32);
  memcpy(key.Y + 32, kGy, 32);
  memcpy(blob, &key, sizeof key);
  *len = sizeof key;
  return 0;
}
ULONG SKF_ECCSignData(void* con, BYTE* digest, ULONG len, ECCSIGNATUREBLOB* signature) {
  (void)con;
  (void)digest;
  g_last_digest_len = len;
  if (len != 32) return 0x0A000010;
  memset(signature, 0, sizeof *signature);
  signature->r[63] = 0x11; /* r = 0x11, s = 0x2222 */
  signature->s[62] = 0x22;
  signature->s[63] = 0x22;
  return 0;
}
