#include "source.h"

#include "feed.h"

int
source_parse(struct itemset *out, const struct source *src, const char *data,
    size_t len, const char *base, const char *charset, struct err *err)
{
	switch (src->kind) {
	case KIND_FEED:
		return feed_parse(out, data, len, base, charset, err);
	default:
		return err_set(err, ERR_CONFIG, "source kind '%s' cannot be "
		    "parsed by this build", source_kind_name(src->kind));
	}
}
