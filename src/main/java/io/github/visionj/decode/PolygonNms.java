package io.github.visionj.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Greedy non-maximum suppression of polygons: candidates come best first, and one is kept unless
 * it overlaps an already kept polygon by more than the threshold, measured as
 * {@link StarPolygon#overlap} (shared pixels over the smaller area, as StarDist does). Kept polygons go into a
 * {@link BoxGrid}, so each candidate is compared only with kept polygons near it.
 */
public final class PolygonNms {

	private PolygonNms() {}

	/**
	 * @param count number of candidates
	 * @param candidate the i-th candidate, best first; built on demand so suppressed candidates
	 *          need not all be held at once
	 * @param kept an empty grid covering the candidates
	 * @return the kept polygons, best first; empty polygons are never kept
	 */
	public static List<StarPolygon> suppress(int count, IntFunction<StarPolygon> candidate, double threshold, BoxGrid kept) {
		List<StarPolygon> result = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			StarPolygon p = candidate.apply(i);
			if (p.isEmpty() || overlapsKept(p, result, threshold, kept)) continue;
			kept.add(result.size(), p.left(), p.top(), p.right(), p.bottom());
			result.add(p);
		}
		return result;
	}

	private static boolean overlapsKept(StarPolygon p, List<StarPolygon> result, double threshold, BoxGrid kept) {
		boolean[] suppressed = { false };
		kept.forEachNear(p.left(), p.top(), p.right(), p.bottom(), id -> {
			if (!suppressed[0] && p.overlap(result.get(id)) > threshold) suppressed[0] = true;
		});
		return suppressed[0];
	}
}
