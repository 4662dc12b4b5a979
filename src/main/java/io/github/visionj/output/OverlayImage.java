package io.github.visionj.output;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.ContrastEnhancer;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import io.github.visionj.image.RegionSource;
import io.github.visionj.image.RowSink;

/**
 * A picture of results over one plane of the input, for a quick look outside ImageJ: the first
 * channel (or the RGB image) as the user sees it, with the ROIs drawn on top. Each ROI is drawn in
 * its stroke colour when it has one, else in the colour of its position in the list.
 */
public final class OverlayImage {

	private static final double FILL_OPACITY = 0.35;

	private OverlayImage() {}

	/** Objects filled semi-transparent and outlined. */
	public static BufferedImage filled(ImagePlus input, int z, int t, List<Roi> rois) {
		ColorProcessor picture = plane(input, z, t);
		for (int i = 0; i < rois.size(); i++)
			paint(picture, rois.get(i), colour(rois.get(i), i), true);
		return picture.getBufferedImage();
	}

	/** Boxes outlined, each with its name above it. */
	public static BufferedImage boxes(ImagePlus input, int z, int t, List<Roi> rois) {
		ColorProcessor picture = plane(input, z, t);
		for (int i = 0; i < rois.size(); i++)
			paint(picture, rois.get(i), colour(rois.get(i), i), false);
		BufferedImage image = picture.getBufferedImage();
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
		for (int i = 0; i < rois.size(); i++) {
			Roi roi = rois.get(i);
			if (roi.getName() == null) continue;
			Rectangle bounds = roi.getBounds();
			g.setColor(colour(roi, i));
			g.drawString(roi.getName(), bounds.x, Math.max(10, bounds.y - 2));
		}
		g.dispose();
		return image;
	}

	/**
	 * The overlay of an image segmented in blocks, built from the label rows as they are written
	 * (plane 1 only): every {@code step}-th pixel of every {@code step}-th row, so that the long
	 * side is at most {@link #PREVIEW_SIZE} px, the input's first channel read a band of rows at a
	 * time, objects filled and outlined in the colours of {@link #filled}.
	 */
	public static final class Preview implements RowSink {

		private final RegionSource source;
		private final int step;
		private final double low, high;
		private final ColorProcessor picture;
		private int[] above;

		/** @param input the ImagePlus of {@code source}, for its display range */
		public Preview(ImagePlus input, RegionSource source) {
			this.source = source;
			step = (int) Math.max(1, (Math.max(source.width(), source.height()) + PREVIEW_SIZE - 1) / PREVIEW_SIZE);
			picture = new ColorProcessor((int) ((source.width() + step - 1) / step), (int) ((source.height() + step - 1) / step));
			boolean ranged = input.getDisplayRangeMax() > input.getDisplayRangeMin();
			low = ranged ? input.getDisplayRangeMin() : 0;
			high = ranged ? input.getDisplayRangeMax() : source.bitsPerSample() == 8 ? 255 : source.bitsPerSample() == 16 ? 65535 : 1;
		}

		@Override
		public void rows(int z, int t, long y0, int rows, int[] labels) {
			if (z != 0 || t != 0) return;
			long first = (y0 + step - 1) / step * step;
			if (first >= y0 + rows) return;
			int width = (int) source.width(), w = picture.getWidth();
			ImageProcessor input = RegionStack.processor(source.read(0, first, width, (int) (y0 + rows - first), 0, 0), 0,
				false);
			for (long y = first; y < y0 + rows; y += step) {
				int[] row = new int[w];
				for (int x = 0; x < w; x++)
					row[x] = labels[(int) ((y - y0) * width + (long) x * step)];
				int py = (int) (y / step);
				for (int x = 0; x < w; x++) {
					double v = (input.getf(x * step, (int) (y - first)) - low) / (high - low);
					int grey = (int) Math.round(255 * Math.max(0, Math.min(1, v)));
					int rgb = grey << 16 | grey << 8 | grey;
					int l = row[x];
					if (l > 0) {
						int colour = Luts.objectColour(l).getRGB() & 0xffffff;
						boolean edge = x == 0 || x == w - 1 || row[x - 1] != l || row[x + 1] != l || above == null || above[x] != l;
						rgb = edge ? colour : blend(rgb, colour);
					}
					picture.set(x, py, rgb);
				}
				above = row;
			}
		}

		public BufferedImage image() {
			return picture.getBufferedImage();
		}
	}

	/** The long side of an overlay {@link Preview}, at most. */
	static final int PREVIEW_SIZE = 2048;

	/** The plane in 8-bit display colours, with the input's display range and LUT of channel 1. */
	private static ColorProcessor plane(ImagePlus input, int z, int t) {
		ImageProcessor ip = input.getStack().getProcessor(input.getStackIndex(1, z, t)).duplicate();
		if (input.getType() == ImagePlus.COLOR_RGB) return (ColorProcessor) ip;
		boolean composite = input instanceof CompositeImage;
		LUT lut = composite ? ((CompositeImage) input).getChannelLut(1) : input.getProcessor().getLut();
		ip.setLut(lut);
		ip.setMinAndMax(composite ? lut.min : input.getDisplayRangeMin(), composite ? lut.max : input.getDisplayRangeMax());
		// An 8-bit image never adjusted (a file opened headless, say) gets ImageJ's Auto contrast,
		// so dim fluorescence is visible under the outlines.
		if (ip.getBitDepth() == 8 && ip.getMin() == 0 && ip.getMax() == 255) new ContrastEnhancer().stretchHistogram(ip, 0.35);
		return ip.convertToColorProcessor();
	}

	/** Blends the ROI's pixels with its colour (when filling) and paints its boundary pixels opaque. */
	private static void paint(ColorProcessor picture, Roi roi, Color colour, boolean fill) {
		Rectangle b = roi.getBounds();
		ImageProcessor mask = roi.getMask();
		int rgb = colour.getRGB();
		for (int y = Math.max(0, b.y); y < Math.min(picture.getHeight(), b.y + b.height); y++)
			for (int x = Math.max(0, b.x); x < Math.min(picture.getWidth(), b.x + b.width); x++) {
				if (!inside(mask, b, x, y)) continue;
				boolean edge = !inside(mask, b, x - 1, y) || !inside(mask, b, x + 1, y) || !inside(mask, b, x, y - 1) ||
					!inside(mask, b, x, y + 1);
				if (edge) picture.set(x, y, rgb);
				else if (fill) picture.set(x, y, blend(picture.get(x, y), rgb));
			}
	}

	private static boolean inside(ImageProcessor mask, Rectangle b, int x, int y) {
		if (x < b.x || y < b.y || x >= b.x + b.width || y >= b.y + b.height) return false;
		return mask == null || mask.get(x - b.x, y - b.y) != 0;
	}

	private static int blend(int under, int over) {
		int rgb = 0;
		for (int shift = 0; shift <= 16; shift += 8) {
			int u = under >> shift & 0xff, o = over >> shift & 0xff;
			rgb |= (int) Math.round(u + FILL_OPACITY * (o - u)) << shift;
		}
		return rgb;
	}

	private static Color colour(Roi roi, int index) {
		return roi.getStrokeColor() != null ? roi.getStrokeColor() : Luts.objectColour(index + 1);
	}
}
