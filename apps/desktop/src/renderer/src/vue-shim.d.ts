// For tools that read the renderer's TypeScript without Vue's language plugin (ESLint's type-aware rules).
// vue-tsc resolves .vue imports to the real components, so this wildcard never hides their types there.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
