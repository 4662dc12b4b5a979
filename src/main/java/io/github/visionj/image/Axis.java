package io.github.visionj.image;

/**
 * The kinds of axis an image or tensor may have. Images handed to the core always name
 * their axes explicitly; nothing is inferred from the number of dimensions.
 */
public enum Axis {
	X, Y, Z, C, T
}
