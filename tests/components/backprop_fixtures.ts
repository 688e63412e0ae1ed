/**
 * Lesson 5's worked example, shared by the graph and trainer tests: y = ax + b with MSE on one
 * point (a = 2, b = 1, x = 3, y = 10: loss 9, ∂L/∂a = −18, ∂L/∂b = −6), and the ops of its graph
 * in recording order (null for a leaf).
 */
export const LESSON_VALUES = { a: [2], b: [1], x: [3], y: [10] };
export const MSE_LINE_OPS = [null, null, "mul", null, "add", null, "sub", "pow", "mean"];
