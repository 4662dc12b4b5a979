package io.github.visionj.output;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/** The nuclei test image of src/test/resources/dsb2018 and helpers to compare ROIs with pixels. */
final class TestImages {

	private TestImages() {}

	static ImagePlus nuclei() {
		return open("nuclei.png");
	}

	/** The 256 x 256 instance labels of {@link #nuclei()}, row-major. */
	static int[] nucleiLabels() {
		ImageProcessor ip = open("nuclei_labels.tif").getProcessor();
		int[] labels = new int[ip.getPixelCount()];
		for (int i = 0; i < labels.length; i++)
			labels[i] = ip.get(i);
		return labels;
	}

	/** The pixels ImageJ fills for {@code roi} (Edit > Fill), as a row-major mask. */
	static boolean[] filled(Roi roi, int width, int height) {
		ByteProcessor ip = new ByteProcessor(width, height);
		ip.setColor(255);
		ip.fill(roi);
		boolean[] mask = new boolean[width * height];
		for (int i = 0; i < mask.length; i++)
			mask[i] = ip.get(i) != 0;
		return mask;
	}

	private static ImagePlus open(String name) {
		ImagePlus imp = IJ.openImage(TestImages.class.getResource("/dsb2018/" + name).getPath());
		if (imp == null) throw new IllegalStateException("Test image " + name + " is missing");
		return imp;
	}
}
