package io.github.visionj.decode;

/**
 * One object of an instance segmentation.
 *
 * @param label its id in the label image (1..N)
 * @param classIndex index into the model's class names (0 when the model has one object class)
 * @param score the decoder's confidence, in [0, 1]
 */
public record Instance(int label, int classIndex, float score) {}
