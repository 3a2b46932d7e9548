/** The self-contained HTML report and the exports. */
package dev.cloudsift.report;
