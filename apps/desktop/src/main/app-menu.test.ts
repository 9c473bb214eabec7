import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildAppMenuTemplate, type AppMenuActions } from './app-menu.js';

function actions(): AppMenuActions {
  return {
    openCapture: vi.fn(), goToFrame: vi.fn(), toggleTheme: vi.fn(),
    toggleSidebar: vi.fn(), showShortcuts: vi.fn(), showAbout: vi.fn(), exportPackets: vi.fn(), showCasework: vi.fn(),
    captureOptions: vi.fn(), captureCommand: vi.fn(), captureStop: vi.fn(),
  };
}

const items = (menu: MenuItemConstructorOptions | undefined) => (menu?.submenu ?? []) as MenuItemConstructorOptions[];
const byLabel = (template: MenuItemConstructorOptions[], label: string) => template.find((m) => m.label === label);

describe('buildAppMenuTemplate', () => {
  it('has File (Open…, Quit), View (theme toggle) and Help on Linux', () => {
    const a = actions();
    const template = buildAppMenuTemplate(a, 'linux', 'Wirewho');
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&Capture', '&View', '&Help']);
    const open = items(byLabel(template, '&File')).find((i) => i.label === '&Open…')!;
    expect(open.accelerator).toBe('CmdOrCtrl+O');
    open.click!({} as never, undefined, {});
    expect(a.openCapture).toHaveBeenCalled();
    expect(items(byLabel(template, '&File')).some((i) => i.role === 'quit')).toBe(true);
    const theme = items(byLabel(template, '&View')).find((i) => /Theme/.test(i.label ?? ''))!;
    theme.click!({} as never, undefined, {});
    expect(a.toggleTheme).toHaveBeenCalled();
  });

  it('File → Export Specified Packets… and View → Casework send their commands', () => {
    const a = actions();
    const template = buildAppMenuTemplate(a, 'linux', 'Wirewho');
    items(byLabel(template, '&File')).find((i) => i.label === '&Export Specified Packets…')!.click!({} as never, undefined, {});
    expect(a.exportPackets).toHaveBeenCalled();
    items(byLabel(template, '&View')).find((i) => /Casework/.test(i.label ?? ''))!.click!({} as never, undefined, {});
    expect(a.showCasework).toHaveBeenCalled();
  });

  it('Capture → Options… (Ctrl+K), From Command… and Stop (Ctrl+E) send their commands', () => {
    const a = actions();
    const capture = items(byLabel(buildAppMenuTemplate(a, 'linux', 'Wirewho'), '&Capture'));
    const options = capture.find((i) => i.label === '&Options…')!;
    expect(options.accelerator).toBe('CmdOrCtrl+K');
    options.click!({} as never, undefined, {});
    expect(a.captureOptions).toHaveBeenCalled();
    capture.find((i) => i.label === 'From &Command…')!.click!({} as never, undefined, {});
    expect(a.captureCommand).toHaveBeenCalled();
    const stop = capture.find((i) => i.label === '&Stop')!;
    expect(stop.accelerator).toBe('CmdOrCtrl+E');
    stop.click!({} as never, undefined, {});
    expect(a.captureStop).toHaveBeenCalled();
  });

  it('adds the app menu on macOS', () => {
    const template = buildAppMenuTemplate(actions(), 'darwin', 'Wirewho');
    expect(template[0].label).toBe('Wirewho');
  });
});
