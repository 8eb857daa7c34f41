# Fits every admissible ETS member with R's forecast::ets to the training part of each evaluation
# series (the last h points held out, as EtsEvaluation does) and writes the maximum likelihood fit.
# Usage (from bench/eval):  Rscript ets-members.R [out.csv [series ...]]   (default ets-members.csv, all series)
# Output columns: name,m,n,model,loglik,aicc,alpha,beta,gamma,phi,l0,b0,seasonals
#   loglik, aicc: R's fit$loglik (-0.5 (n log SSE + 2 sum log|mu|), no Gaussian constant) and fit$aicc
#   seasonals: the initial seasonal states oldest first (index j applies to y[j]), ';'-separated;
#   R's initstate holds s1 = s_0 ... sm = s_{1-m}, so they are reversed here.
# Members: error A|M, trend N|A|Ad, season N|A|M (seasonal only for m >= 2; multiplicative error or
# season only for positive data; never additive error with multiplicative season), as R's default.
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) > 0) args[1] else "ets-members.csv"
index <- read.csv("series.csv", stringsAsFactors = FALSE)
if (length(args) > 1) index <- index[index$name %in% args[-1], ]
rows <- list()
for (i in seq_len(nrow(index))) {
  name <- index$name[i]
  m <- index$m[i]
  h <- index$horizon[i]
  x <- read.csv(file.path("data", paste0(name, ".csv")))$value
  n <- length(x) - h
  y <- ts(x[1:n], frequency = m)
  positive <- all(y > 0)
  for (e in c("A", "M")) for (t in c("N", "A", "Ad")) for (s in c("N", "A", "M")) {
    if (s != "N" && m < 2) next
    if (e == "M" && !positive) next
    if (s == "M" && (e == "A" || !positive)) next
    code <- paste0(e, t, s)
    fit <- tryCatch(ets(y, model = paste0(e, substr(t, 1, 1), s), damped = (t == "Ad")), error = function(err) NULL)
    if (is.null(fit)) {
      cat(name, code, "failed\n")
      next
    }
    par <- fit$par
    get <- function(k, d) if (k %in% names(par)) unname(par[[k]]) else d
    st <- fit$initstate
    seas <- if (s != "N") rev(unname(st[grep("^s[0-9]+$", names(st))])) else numeric(0)
    rows[[length(rows) + 1]] <- data.frame(
      name = name, m = m, n = n, model = code, loglik = fit$loglik, aicc = fit$aicc,
      alpha = get("alpha", NA), beta = get("beta", 0), gamma = get("gamma", 0), phi = get("phi", 1),
      l0 = unname(st[["l"]]), b0 = if ("b" %in% names(st)) unname(st[["b"]]) else 0,
      seasonals = paste(format(seas, digits = 17), collapse = ";"))
  }
  cat(name, n, m, "\n")
}
res <- do.call(rbind, rows)
write.csv(res, out, row.names = FALSE, quote = FALSE)
cat(R.version.string, "forecast", as.character(packageVersion("forecast")), "\n")
