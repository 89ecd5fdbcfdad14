// Types of scripts/static-closures.js, for vite.node.config.ts.
import type { Plugin, UserConfig } from 'vite';

export function staticClosures(roots: Record<string, RegExp>): {
  plugin: Plugin;
  group(name: string): { name: string; test(id: string): boolean };
};
export function protocolModules(dir: 'src' | 'dist'): RegExp;
export function followingModules(dir: 'src' | 'dist'): RegExp;
export const onGroupedLog: NonNullable<NonNullable<NonNullable<UserConfig['build']>['rollupOptions']>['onLog']>;
