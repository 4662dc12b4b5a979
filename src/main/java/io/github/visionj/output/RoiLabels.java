package io.github.visionj.output;

import java.awt.Rectangle;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ImageProcessor;
import io.github.visionj.VisionJException;

/**
 * Label images painted from ROIs, the reverse of {@link Rois#ofLabels}: ROI i (1-based, in the
 * order given) fills its pixels with the value i. Where ROIs overlap, the later ROI wins.
 */
public final class RoiLabels {

	private RoiLabels() {}

	/**
	 * One label plane per (z, t) position of {@code image}, z fastest, as row-major arrays at the
	 * image's size; channels share a plane. A ROI is painted on the plane of its position: its
	 * hyperstack position (z, t; 0 = every z or every t), else its stack position (0 = every plane).
	 * Parts outside the image are left out.
	 *
	 * @param what where the ROIs come from, for messages ("the ROI Manager", "the overlay")
	 * @throws VisionJException for a ROI that is not an area (a line, a point) or whose position is
	 *           not a plane of the image
	 */
	public static int[][] of(List<Roi> rois, ImagePlus image, String what) {
		int width = image.getWidth(), height = image.getHeight(), slices = image.getNSlices(), frames = image.getNFrames();
		int[][] planes = new int[slices * frames][width * height];
		for (int i = 0; i < rois.size(); i++) {
			Roi roi = rois.get(i);
			String name = "ROI " + (i + 1) + (roi.getName() == null ? "" : " ('" + roi.getName() + "')") + " of " + what;
			if (!roi.isArea()) throw new VisionJException(name + " is a " + roi.getTypeAsString().toLowerCase(Locale.ROOT) +
				", not an area; delete it or outline the object, since each ROI is one object of the labels.");
			int z = 0, t = 0;
			if (roi.hasHyperStackPosition()) {
				z = roi.getZPosition();
				t = roi.getTPosition();
			}
			else if (roi.getPosition() > 0 && image.getStackSize() > 1) {
				if (roi.getPosition() > image.getStackSize()) throw new VisionJException(name + " is on plane " + roi.getPosition() +
					", but the image has " + image.getStackSize() + "; use the ROIs of this image.");
				int[] czt = image.convertIndexToPosition(roi.getPosition());
				z = czt[1];
				t = czt[2];
			}
			if (z > slices || t > frames) throw new VisionJException(name + " is on slice " + z + ", frame " + t + ", but the image has " +
				slices + " slices and " + frames + " frames; use the ROIs of this image.");
			for (int tt = 1; tt <= frames; tt++)
				for (int zz = 1; zz <= slices; zz++)
					if ((t == 0 || t == tt) && (z == 0 || z == zz)) paint(planes[(tt - 1) * slices + zz - 1], width, height, roi, i + 1);
		}
		return planes;
	}

	private static void paint(int[] plane, int width, int height, Roi roi, int label) {
		Rectangle b = roi.getBounds();
		ImageProcessor mask = roi.getMask(); // null for a rectangle: all of its bounds
		for (int y = Math.max(0, b.y); y < Math.min(height, b.y + b.height); y++)
			for (int x = Math.max(0, b.x); x < Math.min(width, b.x + b.width); x++)
				if (mask == null || mask.get(x - b.x, y - b.y) != 0) plane[y * width + x] = label;
	}
}
