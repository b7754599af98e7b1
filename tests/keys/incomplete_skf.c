/* A deliberately incomplete SKF library for the loader tests: it has the device functions but
 * lacks SKF_VerifyPIN, SKF_ECCSignData and the rest of what signing needs. */
#include <stdint.h>

uint32_t SKF_EnumDev(int32_t present, char* list, uint32_t* size) {
  (void)present;
  (void)list;
  *size = 0;
  return 0;
}
uint32_t SKF_ConnectDev(char* name, void** dev) {
  (void)name;
  *dev = 0;
  return 0;
}
uint32_t SKF_DisConnectDev(void* dev) {
  (void)dev;
  return 0;
}
uint32_t SKF_OpenApplication(void* dev, char* name, void** app) {
  (void)dev;
  (void)name;
  *app = 0;
  return 0;
}
uint32_t SKF_CloseApplication(void* app) {
  (void)app;
  return 0;
}
