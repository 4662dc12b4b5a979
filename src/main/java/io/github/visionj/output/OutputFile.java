package io.github.visionj.output;

/** The files VisionJ writes for one image, named {@code <image name><suffix>}. */
public enum OutputFile {
	LABELS("_labels.tif"),
	CLASSES("_classes.tif"),
	PROBABILITIES("_probabilities.tif"),
	ROIS("_rois.zip"),
	RESULTS("_results.csv"),
	OVERLAY("_overlay.png");

	private final String suffix;

	OutputFile(String suffix) {
		this.suffix = suffix;
	}

	public String fileName(String name) {
		return name + suffix;
	}
}
