import { createApp } from 'vue';
import App from './App.vue';
import ErrorText from './components/ErrorText.vue';
import { router } from './router';
import { locale } from './i18n';
import './style.css';

document.documentElement.lang = locale.value;
createApp(App).use(router).component('ErrorText', ErrorText).mount('#app');
