// Components registered globally in main.ts, for the type checker.
import type ErrorText from './components/ErrorText.vue';

declare module 'vue' {
  interface GlobalComponents {
    ErrorText: typeof ErrorText;
  }
}
export {};
