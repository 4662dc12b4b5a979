package io.github.visionj.command;

import java.awt.GraphicsEnvironment;
import java.util.concurrent.CancellationException;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

import ij.IJ;
import ij.macro.Interpreter;
import io.github.visionj.VisionJException;
import io.github.visionj.pipeline.Progress;

/**
 * What the VisionJ commands share: turning every failure into one visible sentence (the cancel
 * reason, the log and, inside a macro, an aborted macro), progress on the status bar, and
 * cancellation by the user (Esc, or the module being canceled).
 */
public abstract class VisionJCommand extends ContextCommand {

	@Parameter
	protected LogService log;

	@Parameter
	protected StatusService status;

	/** The command's work; throws {@link VisionJException} for anything the user can fix. */
	protected abstract void execute();

	@Override
	public final void run() {
		try {
			if (!headless()) IJ.resetEscape();
			execute();
		}
		catch (VisionJException e) {
			fail(e.getMessage());
		}
		catch (CancellationException e) {
			cancel("Canceled by the user.");
		}
		catch (OutOfMemoryError e) {
			fail("Out of memory; give ImageJ more memory (Edit › Options › Memory & Threads), use smaller tiles or crop the image.");
		}
		catch (RuntimeException e) {
			log.error(e);
			fail("Unexpected error (" + e + "); please report it with the log.");
		}
		finally {
			status.clearStatus();
		}
	}

	/**
	 * Makes a failure visible wherever the command was started: the cancel reason for scripts and
	 * the launcher, the log, and an aborted macro — an exception alone would not stop the macro
	 * that called this command.
	 */
	protected void fail(String message) {
		cancel(message);
		log.error("VisionJ: " + message);
		if (!GraphicsEnvironment.isHeadless()) IJ.log("VisionJ: " + message);
		Interpreter macro = Interpreter.getInstance();
		if (macro == null) return;
		try {
			macro.abort("VisionJ: " + message);
		}
		catch (RuntimeException aborted) {
			// ImageJ ends the macro by throwing from abort; the macro is stopped and the reason set already.
		}
	}

	/** Whether results must go to files: no display, so no ROI Manager and no image windows. */
	protected static boolean headless() {
		return GraphicsEnvironment.isHeadless();
	}

	/** Progress on the status bar; cancellation by Esc or by canceling the module. */
	protected Progress progress() {
		return new Progress() {
			@Override
			public void report(String stage, long done, long total) {
				status.showStatus((int) done, (int) total, stage);
			}

			@Override
			public boolean isCanceled() {
				return VisionJCommand.this.isCanceled() || (!headless() && IJ.escapePressed());
			}
		};
	}
}
