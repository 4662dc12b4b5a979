package io.github.visionj.output;

import ij.ImagePlus;

/** The files VisionJ writes for one image, named {@code <image name><suffix>}. */
public enum OutputFile {
	LABELS("_labels.tif"),
	CLASSES("_classes.tif"),
	PROBABILITIES("_probabilities.tif"),
	ROIS("_rois.zip"),
	RESULTS("_results.csv"),
	OVERLAY("_overlay.png"),
	/** An output map of the model; its name is {@link #modelOutputName}. */
	MODEL_OUTPUT(".tif");

	private final String suffix;

	OutputFile(String suffix) {
		this.suffix = suffix;
	}

	public String fileName(String name) {
		return name + suffix;
	}

	/**
	 * The {@code <image name>} of an image's result files: its title without extension and
	 * spaces (ImageJ's short title), with the characters file systems refuse replaced by {@code _}.
	 */
	public static String baseName(String title) {
		ImagePlus titled = new ImagePlus();
		titled.setTitle(title);
		return titled.getShortTitle().replaceAll("[\\\\/:*?\"<>|]", "_");
	}

	/** Whether a file is named like a result of VisionJ's, and so is not an input of a batch. */
	public static boolean isResult(String fileName) {
		for (OutputFile o : values())
			if (o != MODEL_OUTPUT && fileName.endsWith(o.suffix)) return true;
		return fileName.matches(".*_output-[A-Za-z0-9._-]+\\.tif");
	}

	/** The name of a model output's map for {@link #MODEL_OUTPUT}: {@code <image name>_output-<output id>}. */
	public static String modelOutputName(String name, String outputId) {
		return name + "_output-" + outputId.replaceAll("[^A-Za-z0-9._-]", "_");
	}
}
