package io.github.visionj.decode;

/**
 * Exact Euclidean distance transform (Felzenszwalb and Huttenlocher, 2012): one pass of the 1D
 * lower-envelope transform over the columns, then over the rows.
 */
public final class DistanceTransform {

	/** Stands for "no background seen yet"; large but finite, so the parabola arithmetic stays exact. */
	private static final double FAR = 1e20;

	private DistanceTransform() {}

	/**
	 * Distance of each foreground pixel to the nearest background pixel (0 on background). The
	 * image border is not background, so objects cut by the border are not thinned.
	 */
	public static float[] of(boolean[] foreground, int width, int height) {
		double[] squared = new double[foreground.length];
		for (int i = 0; i < squared.length; i++)
			squared[i] = foreground[i] ? FAR : 0;
		int n = Math.max(width, height);
		double[] f = new double[n], d = new double[n], z = new double[n + 1];
		int[] v = new int[n];
		for (int x = 0; x < width; x++) {
			for (int y = 0; y < height; y++)
				f[y] = squared[y * width + x];
			lowerEnvelope(f, height, d, v, z);
			for (int y = 0; y < height; y++)
				squared[y * width + x] = d[y];
		}
		float[] distance = new float[foreground.length];
		for (int y = 0; y < height; y++) {
			System.arraycopy(squared, y * width, f, 0, width);
			lowerEnvelope(f, width, d, v, z);
			for (int x = 0; x < width; x++)
				distance[y * width + x] = (float) Math.sqrt(d[x]);
		}
		return distance;
	}

	/** d[q] = min over p of (q - p)² + f[p], in linear time. */
	private static void lowerEnvelope(double[] f, int n, double[] d, int[] v, double[] z) {
		int k = 0;
		v[0] = 0;
		z[0] = Double.NEGATIVE_INFINITY;
		z[1] = Double.POSITIVE_INFINITY;
		for (int q = 1; q < n; q++) {
			double s = intersection(f, q, v[k]);
			while (s <= z[k]) {
				k--;
				s = intersection(f, q, v[k]);
			}
			k++;
			v[k] = q;
			z[k] = s;
			z[k + 1] = Double.POSITIVE_INFINITY;
		}
		k = 0;
		for (int q = 0; q < n; q++) {
			while (z[k + 1] < q)
				k++;
			double dq = q - v[k];
			d[q] = dq * dq + f[v[k]];
		}
	}

	private static double intersection(double[] f, int q, int p) {
		return ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * q - 2.0 * p);
	}
}
