/* A deliberately incomplete SDF library for the loader tests: no sessions, no signing. */
int SDF_OpenDevice(void** device) {
  *device = 0;
  return 0;
}
int SDF_CloseDevice(void* device) {
  (void)device;
  return 0;
}
