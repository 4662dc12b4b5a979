package io.github.visionj.model;

/** What an axis of a model tensor means, as the bioimage.io axis types say. */
public enum AxisKind {
	BATCH, CHANNEL, SPACE, TIME, INDEX
}
