// Walks a fixture project in-process and looks its components up by ref, failing with the refs it has.
import type { Component, Inventory } from '../../src/model/index.js';
import { walkNpmProject, type NpmWalkOptions } from '../../src/walk/npm.js';
import { fixture } from './cli.js';

export function fixtureWalker(defaults: NpmWalkOptions): (name: string, options?: Partial<NpmWalkOptions>) => Promise<Inventory> {
  return (name, options = {}) => walkNpmProject(fixture(name), { ...defaults, ...options });
}

export const refs = (inventory: Inventory): string[] => inventory.components.map((entry) => entry.ref);

export function component(inventory: Inventory, ref: string): Component {
  const found = inventory.components.find((entry) => entry.ref === ref);
  if (!found) throw new Error(`${ref} not in ${refs(inventory).join(', ')}`);
  return found;
}
