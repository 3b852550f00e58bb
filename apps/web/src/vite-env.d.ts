/// <reference types="vite/client" />
declare module 'virtual:antd.css';
declare module 'virtual:antd-deferred.css';
