// An item's network family and grading settings, turned into engine calls.
import {
  DEFAULT_TOLERANCE,
  findPreset,
  generateVariant,
  regenerateVariant,
  validateSpec,
  validateTolerance,
  type NetworkSpec,
  type Tolerance,
  type Variant,
} from "@/lib/backprop";

export interface ItemSpecFields {
  preset: string;
  specJson: string | null;
  toleranceJson: string;
}

/** The engine's input for an item: a preset name, or a custom spec. */
export function itemSource(item: ItemSpecFields): string | NetworkSpec {
  if (item.specJson) return validateSpec(JSON.parse(item.specJson));
  return item.preset;
}

export function itemTolerance(item: ItemSpecFields): Tolerance {
  try {
    return validateTolerance(JSON.parse(item.toleranceJson));
  } catch {
    return findPreset(item.preset)?.tolerance ?? DEFAULT_TOLERANCE;
  }
}

export function generateItemVariant(item: ItemSpecFields, seed: number): Variant {
  return generateVariant(itemSource(item), seed);
}

export function regenerateItemVariant(item: ItemSpecFields, seed: number, generatorVersion: number): Variant {
  return regenerateVariant(itemSource(item), seed, generatorVersion);
}
