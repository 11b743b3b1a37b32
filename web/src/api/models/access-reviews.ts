/** User access reviews, as the API answers them (generated types). */
import type { BodyOf, ItemOf, ResponseOf } from "../types.ts";

export type AccessReview = ItemOf<ResponseOf<"/api/v1/access-reviews">>;
export type AccessReviewDetail = ResponseOf<"/api/v1/access-reviews/{id}">;
export type ReviewAccount = AccessReviewDetail["accounts"][number];
export type AccessDecision = NonNullable<ReviewAccount["decision"]>;
export type NewAccessReview = BodyOf<"/api/v1/access-reviews", "post">;
export type AccessReviewSource = ItemOf<ResponseOf<"/api/v1/access-reviews/sources">>;
export type AssignedReviews = ResponseOf<"/api/v1/access-reviews/assigned">;
