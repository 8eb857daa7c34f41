# Exports the evaluation series to data/*.csv and runs R's forecast package on them (the peer).
# Usage (from bench/eval):  Rscript export-and-peers.R
# Inputs: R's 'datasets' package, the 'forecast' package's data (gas, wineind, woolyrnq, taylor),
# and statsmodels' datasets read from data/statsmodels-*.csv (written by export-statsmodels.py).
# Outputs: data/<name>.csv (date,value), series.csv (name,source,frequency,m,horizon,n),
#          peers.csv (name,method,model,step,actual,yhat,lo95,hi95).
suppressPackageStartupMessages(library(forecast))
dir.create("data", showWarnings = FALSE)

dates <- function(x, freq) {
  n <- length(x)
  st <- start(x)
  if (freq == 12) return(format(seq(as.Date(sprintf("%d-%02d-01", st[1], st[2])), by = "month", length.out = n)))
  if (freq == 4) return(format(seq(as.Date(sprintf("%d-%02d-01", st[1], 3 * (st[2] - 1) + 1)), by = "quarter", length.out = n)))
  if (freq == 1) return(format(seq(as.Date(sprintf("%d-01-01", st[1])), by = "year", length.out = n)))
  stop("unknown frequency")
}

series <- list()
add <- function(name, x, source, freq, m, h, d = NULL) {
  x <- as.numeric(x)
  if (is.null(d)) d <- dates(ts(x, start = start(get0("orig", ifnotfound = ts(x))), frequency = freq), freq)
  series[[name]] <<- list(x = x, d = d, source = source, freq = freq, m = m, h = h)
}
addts <- function(name, x, source, h) {
  f <- frequency(x)
  series[[name]] <<- list(x = as.numeric(x), d = dates(x, f), source = source,
                           freq = c("1" = "annual", "4" = "quarterly", "12" = "monthly")[[as.character(f)]], m = f, h = h)
}
H <- c("1" = 6, "4" = 8, "12" = 18)
rd <- function(n) addts(n, get(n), "R datasets", H[[as.character(frequency(get(n)))]])
for (n in c("AirPassengers", "co2", "UKDriverDeaths", "nottem", "ldeaths", "mdeaths", "fdeaths", "USAccDeaths",
            "UKgas", "JohnsonJohnson", "austres", "Nile", "LakeHuron", "lynx", "sunspot.year", "nhtemp")) rd(n)
for (col in c("front", "rear", "kms", "PetrolPrice", "VanKilled")) {
  addts(paste0("Seatbelts_", col), Seatbelts[, col], "R datasets (Seatbelts)", 18)
}
for (n in c("gas", "wineind", "woolyrnq")) {
  x <- get(n, envir = asNamespace("forecast"))
  addts(n, x, "R forecast package data", H[[as.character(frequency(x))]])
}
# daily: EuStockMarkets closing prices (trading days, written on consecutive calendar days) and
# forecast's gold (missing days interpolated), non-seasonal (m = 1); horizon 14 as in M4.
for (col in colnames(EuStockMarkets)) {
  x <- as.numeric(EuStockMarkets[, col])
  series[[paste0("EuStock_", col)]] <- list(x = x, d = format(seq(as.Date("1991-07-01"), by = "day", length.out = length(x))),
                                           source = "R datasets (EuStockMarkets; trading days on consecutive dates)",
                                           freq = "daily", m = 1, h = 14)
}
g <- as.numeric(na.interp(get("gold", envir = asNamespace("forecast"))))
series[["gold"]] <- list(x = g, d = format(seq(as.Date("1985-01-01"), by = "day", length.out = length(g))),
                         source = "R forecast package data (gold; trading days on consecutive dates, NAs interpolated)",
                         freq = "daily", m = 1, h = 14)
# hourly: forecast's taylor (half-hourly electricity demand), summed to hours: 2016 points, m = 24
tay <- as.numeric(get("taylor", envir = asNamespace("forecast")))
hourly <- colSums(matrix(tay, nrow = 2))
series[["taylor_hourly"]] <- list(x = hourly, d = format(seq(as.POSIXct("2000-06-05 00:00", tz = "UTC"), by = "hour",
                                                              length.out = length(hourly)), "%Y-%m-%dT%H:%M"),
                                  source = "R forecast package data (taylor, half-hours summed to hours)",
                                  freq = "hourly", m = 24, h = 48)
# statsmodels datasets (exported by export-statsmodels.py)
for (f in list.files("data", pattern = "^statsmodels-.*\\.csv$")) {
  z <- read.csv(file.path("data", f), stringsAsFactors = FALSE)
  name <- sub("^statsmodels-(.*)\\.csv$", "\\1", f)
  freq <- z$freq[1]
  m <- c(monthly = 12, quarterly = 4, annual = 1)[[freq]]
  series[[name]] <- list(x = z$value, d = z$date, source = paste0("statsmodels datasets (", z$dataset[1], ")"),
                         freq = freq, m = m, h = c(monthly = 18, quarterly = 8, annual = 6)[[freq]])
}

index <- data.frame()
peers <- data.frame()
for (name in sort(names(series))) {
  s <- series[[name]]
  write.csv(data.frame(date = s$d, value = s$x), file.path("data", paste0(name, ".csv")), row.names = FALSE, quote = FALSE)
  index <- rbind(index, data.frame(name = name, source = s$source, frequency = s$freq, m = s$m, horizon = s$h,
                                   n = length(s$x)))
  n <- length(s$x)
  train <- ts(s$x[1:(n - s$h)], frequency = s$m)
  test <- s$x[(n - s$h + 1):n]
  fits <- list(
    ets = forecast(ets(train), h = s$h, level = 95),
    thetaf = thetaf(train, h = s$h, level = 95),
    snaive = snaive(train, h = s$h, level = 95))
  for (meth in names(fits)) {
    fc <- fits[[meth]]
    model <- if (meth == "ets") fc$method else meth
    peers <- rbind(peers, data.frame(name = name, method = meth, model = model, step = 1:s$h, actual = test,
                                     yhat = as.numeric(fc$mean), lo95 = as.numeric(fc$lower), hi95 = as.numeric(fc$upper)))
  }
  cat(name, n, s$m, fits$ets$method, "\n")
}
write.csv(index, "series.csv", row.names = FALSE)
write.csv(peers, "peers.csv", row.names = FALSE)
cat(R.version.string, "forecast", as.character(packageVersion("forecast")), "\n")
