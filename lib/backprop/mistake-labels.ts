// Short human names of the catalogued mistakes, for feedback badges and analytics.
import type { MistakeId } from "./types";

export const MISTAKE_LABELS: Record<MistakeId, string> = {
  missing_activation_derivative: "forgot the activation derivative",
  sign_flip: "flipped the sign of the error",
  factor_two: "off by a factor of 2",
  derivative_at_activation: "evaluated g′ at a instead of z",
  transposed_indices: "transposed the weight indices",
  wrong_input_unit: "used the wrong input unit",
  missing_input_activation: "forgot to multiply by the input activation",
  forward_no_activation: "skipped an activation in the forward pass",
  forward_missing_bias: "left out the bias",
  update_sign: "stepped up the gradient instead of down",
  update_missing_alpha: "forgot the learning rate",
  gradient_instead_of_update: "gave the gradient, not the updated weight",
};
