package io.github.visionj.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Progress and cancel of a loop over the planes of an image and the blocks of each plane, as the
 * status bar shows it: "Segmenting plane 2 of 5, block 3 of 16, about 40 s left". The time left
 * is extrapolated from the steps finished so far.
 */
public final class PlaneProgress {

	private final Progress progress;
	private final String verb;
	private final long total, start = System.nanoTime();
	private long done;

	/** @param total the steps (planes × blocks) of the whole loop */
	PlaneProgress(Progress progress, String verb, long total) {
		this.progress = progress;
		this.verb = verb;
		this.total = total;
	}

	/**
	 * The one loop over whole planes outside segmentation: {@code work} on each plane in order, the
	 * cancel taking effect before each.
	 */
	static <R> List<PlaneResult<R>> forEach(List<Plane> planes, Progress progress, String verb, Function<Plane, R> work) {
		PlaneProgress loop = new PlaneProgress(progress, verb, planes.size());
		List<PlaneResult<R>> results = new ArrayList<>(planes.size());
		for (int p = 0; p < planes.size(); p++) {
			loop.checkCanceled();
			results.add(new PlaneResult<>(planes.get(p), work.apply(planes.get(p))));
			loop.finished(p, planes.size(), 0, 1);
		}
		return results;
	}

	void checkCanceled() {
		progress.checkCanceled();
	}

	/** Block {@code block} (from 0) of {@code blocks} of plane {@code plane} (from 0) of {@code planes} is finished. */
	void finished(int plane, int planes, int block, int blocks) {
		done++;
		progress.report(stage(verb, plane, planes, block, blocks, done, total, (System.nanoTime() - start) / 1e9), done, total);
	}

	/** "Segmenting plane 2 of 5, block 3 of 16, about 40 s left": the block only for a plane in several, no time left at the end. */
	static String stage(String verb, int plane, int planes, int block, int blocks, long done, long total, double seconds) {
		StringBuilder s = new StringBuilder(verb + " plane " + (plane + 1) + " of " + planes);
		if (blocks > 1) s.append(", block ").append(block + 1).append(" of ").append(blocks);
		if (done < total) {
			long left = Math.round(seconds / done * (total - done));
			s.append(", about ").append(left < 120 ? left + " s" : (left + 30) / 60 + " min").append(" left");
		}
		return s.toString();
	}
}
