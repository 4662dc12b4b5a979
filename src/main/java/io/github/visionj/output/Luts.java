package io.github.visionj.output;

import java.awt.Color;
import java.util.Arrays;
import java.util.function.IntFunction;

import ij.process.LUT;

/**
 * Lookup tables for VisionJ's output images: index 0 (background) is black, every other entry a
 * colour that stands out from its neighbours.
 */
public final class Luts {

	private static final Color[] DISTINCT = distinctColours(256);

	/** A fixed, easily named sequence for class images: class 1 red, 2 green, 3 blue, and so on. */
	private static final Color[] CLASS_COLOURS = { Color.BLACK, new Color(230, 25, 75), new Color(60, 180, 75),
		new Color(0, 130, 200), new Color(255, 225, 25), new Color(245, 130, 48), new Color(145, 30, 180),
		new Color(70, 240, 240), new Color(240, 50, 230), new Color(210, 245, 60), new Color(250, 190, 212),
		new Color(0, 128, 128), new Color(220, 190, 255), new Color(170, 110, 40), new Color(255, 250, 200),
		new Color(128, 0, 0), new Color(170, 255, 195), new Color(128, 128, 0), new Color(255, 215, 180),
		new Color(0, 0, 128), new Color(128, 128, 128) };

	private Luts() {}

	/** A Glasbey-like LUT for label images: 255 colours, each as far as possible from those before it. */
	public static LUT labels() {
		return lut(i -> DISTINCT[i]);
	}

	/** A LUT for class images where class {@code k} is entry {@code k}; classes past the fixed colours reuse the label colours. */
	public static LUT classes() {
		return lut(Luts::classColour);
	}

	/** The colour of object number {@code n} (1-based) in overlays; the label LUT's colours, repeating after 255. */
	public static Color objectColour(int n) {
		return DISTINCT[1 + Math.floorMod(n - 1, 255)];
	}

	static Color classColour(int k) {
		return k < CLASS_COLOURS.length ? CLASS_COLOURS[k] : DISTINCT[k];
	}

	private static LUT lut(IntFunction<Color> colour) {
		byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 0; i < 256; i++) {
			Color c = colour.apply(i);
			r[i] = (byte) c.getRed();
			g[i] = (byte) c.getGreen();
			b[i] = (byte) c.getBlue();
		}
		return new LUT(r, g, b);
	}

	/**
	 * Greedy farthest-point selection on a grid of RGB colours (Glasbey et al. 2007 use CIELAB;
	 * the "redmean" weighted RGB distance is close enough for telling neighbouring labels apart).
	 * Starting from black keeps dark colours away from the background.
	 */
	private static Color[] distinctColours(int n) {
		int steps = 16;
		int[] candidates = new int[steps * steps * steps];
		for (int i = 0; i < candidates.length; i++)
			candidates[i] = level(i / (steps * steps), steps) << 16 | level(i / steps % steps, steps) << 8 | level(i % steps, steps);
		double[] nearest = new double[candidates.length];
		Arrays.fill(nearest, Double.MAX_VALUE);
		Color[] chosen = new Color[n];
		int last = 0; // black
		for (int k = 0; k < n; k++) {
			chosen[k] = new Color(last);
			int best = 0;
			for (int i = 0; i < candidates.length; i++) {
				nearest[i] = Math.min(nearest[i], distance(candidates[i], last));
				if (nearest[i] > nearest[best]) best = i;
			}
			last = candidates[best];
		}
		return chosen;
	}

	private static int level(int step, int steps) {
		return step * 255 / (steps - 1);
	}

	private static double distance(int rgb1, int rgb2) {
		int r1 = rgb1 >> 16 & 0xff, r2 = rgb2 >> 16 & 0xff;
		double meanRed = (r1 + r2) / 2.0;
		int dr = r1 - r2, dg = (rgb1 >> 8 & 0xff) - (rgb2 >> 8 & 0xff), db = (rgb1 & 0xff) - (rgb2 & 0xff);
		return (2 + meanRed / 256) * dr * dr + 4 * dg * dg + (2 + (255 - meanRed) / 256) * db * db;
	}
}
